using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Onnx;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Benchmarks.Embeddings;

/// <summary>
/// The BERT embedder end to end (tokenize, pad, run, pool, normalise) against the raw ONNX Runtime run on the
/// same prepared tensors (the baseline), so the ratio is the managed overhead. One intra-op thread, as in the
/// default options. Texts are built to encode to exactly <see cref="Tokens"/> ids, <c>[CLS]</c> and <c>[SEP]</c> included.
/// </summary>
[MemoryDiagnoser]
public class BertEmbedderBenchmarks
{
    private string _folder = string.Empty;
    private BertOnnxEmbeddingGenerator? _generator;
    private OnnxSession? _session;
    private OnnxInput[] _inputs = [];
    private string[] _outputNames = [];
    private string[] _texts = [];

    /// <summary>The model (see <see cref="BertBenchmarkModel"/> for how to add one).</summary>
    [ParamsSource(nameof(Models))]
    public BertBenchmarkModel Model { get; set; } = null!;

    /// <summary>Ids per text, special tokens included.</summary>
    [Params(8, 32, 128)]
    public int Tokens { get; set; }

    /// <summary>Texts per call.</summary>
    [Params(1, 16)]
    public int Batch { get; set; }

    /// <summary>The models to run.</summary>
    public static IEnumerable<BertBenchmarkModel> Models() => BertBenchmarkModel.All();

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("bert-bench").FullName;
        File.CreateSymbolicLink(Path.Combine(_folder, "model.onnx"), Model.Path);
        File.CreateSymbolicLink(Path.Combine(_folder, "vocab.txt"), SharedFolder.File("models", "all-MiniLM-L6-v2", "vocab.txt"));
        var options = new BertOnnxEmbeddingGeneratorOptions { ModelId = Model.Name, BatchSize = 16 };
        _generator = BertOnnxEmbeddingGenerator.Create(_folder, options);

        // "word" is one WordPiece token (id 2773) in the MiniLM vocabulary: [CLS] word x (Tokens - 2) [SEP].
        string text = string.Join(' ', Enumerable.Repeat("word", Tokens - 2));
        _texts = Enumerable.Repeat(text, Batch).ToArray();
        GeneratedEmbeddings<Embedding<float>> check = _generator.GenerateAsync(_texts).GetAwaiter().GetResult();
        if (check.Usage?.InputTokenCount != (long)Tokens * Batch)
        {
            throw new InvalidOperationException($"The texts encode to {check.Usage?.InputTokenCount} tokens, not {Tokens * Batch}.");
        }

        _session = OnnxSession.Create(Model.Path, options.OnnxRuntime);
        int count = Tokens * Batch;
        long[] ids = new long[count];
        for (int row = 0; row < Batch; row++)
        {
            Array.Fill(ids, 2773L, row * Tokens, Tokens);
            ids[row * Tokens] = 101;
            ids[((row + 1) * Tokens) - 1] = 102;
        }

        long[] shape = [Batch, Tokens];
        var inputs = new List<OnnxInput>
        {
            OnnxInput.Int64("input_ids", ids, shape),
            OnnxInput.Int64("attention_mask", Enumerable.Repeat(1L, count).ToArray(), shape),
        };
        if (_session.IndexOfInput("token_type_ids") >= 0)
        {
            inputs.Add(OnnxInput.Int64("token_type_ids", new long[count], shape));
        }

        _inputs = [.. inputs];
        _outputNames = ["last_hidden_state"];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generator?.Dispose();
        _session?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>ONNX Runtime alone on prepared tensors (no tokenisation, no pooling).</summary>
    [Benchmark(Baseline = true)]
    public float RawOrtRun()
    {
        using OnnxOutputs outputs = _session!.Run(_inputs, _outputNames);
        return outputs.GetFloatData(0)[0];
    }

    /// <summary>The embedder: tokenize, pad, run, pool, normalise.</summary>
    [Benchmark]
    public async Task<float> Embedder()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator!.GenerateAsync(_texts);
        return embeddings[0].Vector.Span[0];
    }
}
