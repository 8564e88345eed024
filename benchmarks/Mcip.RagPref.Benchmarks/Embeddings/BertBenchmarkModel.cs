using Mcip.RagPref.Benchmarks.Models;

namespace Mcip.RagPref.Benchmarks.Embeddings;

/// <summary>
/// A BERT-shaped ONNX model to benchmark, shown by name in the results. The models are tiny-bert-random.onnx
/// from shared/reference (2 layers, hidden 32), the all-MiniLM-L6-v2-shaped random model of
/// <see cref="RandomBertModel"/> (generated into the asset cache on first use), plus every <c>.onnx</c> path listed
/// (separated by <see cref="System.IO.Path.PathSeparator"/>) in the <c>MCIP_RAGPREF_BENCH_BERT_MODELS</c>
/// environment variable, for example the real all-MiniLM-L6-v2 weights.
/// Every model is paired with the all-MiniLM-L6-v2 vocabulary, so it must accept ids below 30,522.
/// </summary>
/// <param name="Name">The display name (the file name without extension).</param>
/// <param name="Path">The model file.</param>
public sealed record BertBenchmarkModel(string Name, string Path)
{
    /// <summary>The environment variable listing extra models.</summary>
    public const string EnvironmentVariable = "MCIP_RAGPREF_BENCH_BERT_MODELS";

    /// <summary>The models to benchmark.</summary>
    public static IEnumerable<BertBenchmarkModel> All()
    {
        yield return FromPath(SharedFolder.File("reference", "tiny-bert-random.onnx"));
        yield return new BertBenchmarkModel("minilm-l6-random", RandomBertModel.GetOrCreate(RandomBertConfig.MiniLmL6));
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
