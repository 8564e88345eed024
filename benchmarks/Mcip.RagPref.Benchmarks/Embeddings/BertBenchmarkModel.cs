namespace Mcip.RagPref.Benchmarks.Embeddings;

/// <summary>
/// A BERT-shaped ONNX model to benchmark, shown by name in the results: tiny-bert-random.onnx from shared/reference
/// (2 layers, hidden 32), all-MiniLM-L6-v2 as the library carries it (<see cref="Path"/> <see langword="null"/>), plus
/// every <c>.onnx</c> path listed (separated by <see cref="System.IO.Path.PathSeparator"/>) in the
/// <c>MCIP_RAGPREF_BENCH_BERT_MODELS</c> environment variable. Every model is paired with the all-MiniLM-L6-v2
/// vocabulary, so it must accept ids below 30,522.
/// </summary>
/// <param name="Name">The display name.</param>
/// <param name="Path">The model file, or <see langword="null"/> for the embedded all-MiniLM-L6-v2.</param>
public sealed record BertBenchmarkModel(string Name, string? Path)
{
    /// <summary>The environment variable listing extra models.</summary>
    public const string EnvironmentVariable = "MCIP_RAGPREF_BENCH_BERT_MODELS";

    /// <summary>The models to benchmark.</summary>
    public static IEnumerable<BertBenchmarkModel> All()
    {
        yield return FromPath(SharedFolder.File("reference", "tiny-bert-random.onnx"));
        yield return new BertBenchmarkModel("all-MiniLM-L6-v2", null);
        string? extra = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(extra))
        {
            foreach (string path in extra.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return FromPath(path);
            }
        }
    }

    /// <summary>Shown in the results table.</summary>
    public override string ToString() => Name;

    private static BertBenchmarkModel FromPath(string path) =>
        new(System.IO.Path.GetFileNameWithoutExtension(path), System.IO.Path.GetFullPath(path));
}
