using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Models;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;

namespace Mcip.RagPref.Benchmarks.Embeddings;

/// <summary>
/// The BERT embedder end to end (tokenize, pad, run, pool, normalise) against a bare <see cref="InferenceSession"/>
/// run of the same graph on the same prepared tensors (the baseline), so the ratio is our overhead. One intra-op
/// thread and all graph optimisations on both sides, as in the default options. Texts are built to encode to exactly
/// <see cref="Tokens"/> ids, <c>[CLS]</c> and <c>[SEP]</c> included.
/// </summary>
[MemoryDiagnoser]
public class BertEmbedderBenchmarks
{
    private string? _folder;
    private BertOnnxEmbeddingGenerator? _generator;
    private InferenceSession? _session;
    private RunOptions? _runOptions;
    private OrtValue[] _inputs = [];
    private string[] _inputNames = [];
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
        var options = new BertOnnxEmbeddingGeneratorOptions { BatchSize = 16 };
        byte[] model;
        if (Model.Path is null)
        {
            _generator = BertOnnxEmbeddingGenerator.CreateMiniLM(options);
            model = MiniLmL6V2.ReadModel();
        }
        else
        {
            _folder = Directory.CreateTempSubdirectory("bert-bench").FullName;
            File.CreateSymbolicLink(Path.Combine(_folder, "model.onnx"), Model.Path);
            File.CreateSymbolicLink(Path.Combine(_folder, "vocab.txt"), SharedFolder.File("models", "all-MiniLM-L6-v2", "vocab.txt"));
            options.ModelId = Model.Name;
            _generator = BertOnnxEmbeddingGenerator.Create(_folder, options);
            model = File.ReadAllBytes(Model.Path);
        }

        // "word" is one WordPiece token (id 2773) in the MiniLM vocabulary: [CLS] word x (Tokens - 2) [SEP].
        string text = string.Join(' ', Enumerable.Repeat("word", Tokens - 2));
        _texts = Enumerable.Repeat(text, Batch).ToArray();
        GeneratedEmbeddings<Embedding<float>> check = _generator.GenerateAsync(_texts).GetAwaiter().GetResult();
        if (check.Usage?.InputTokenCount != (long)Tokens * Batch)
        {
            throw new InvalidOperationException($"The texts encode to {check.Usage?.InputTokenCount} tokens, not {Tokens * Batch}.");
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, sessionOptions);
        _runOptions = new RunOptions();
        int count = Tokens * Batch;
        long[] ids = new long[count];
        for (int row = 0; row < Batch; row++)
        {
            Array.Fill(ids, 2773L, row * Tokens, Tokens);
            ids[row * Tokens] = 101;
            ids[((row + 1) * Tokens) - 1] = 102;
        }

        long[] shape = [Batch, Tokens];
        var names = new List<string> { "input_ids", "attention_mask" };
        var inputs = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, shape),
            OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, count).ToArray(), shape),
        };
        if (_session.InputMetadata.ContainsKey("token_type_ids"))
        {
            names.Add("token_type_ids");
            inputs.Add(OrtValue.CreateTensorValueFromMemory(new long[count], shape));
        }

        _inputNames = [.. names];
        _inputs = [.. inputs];
        _outputNames = ["last_hidden_state"];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generator?.Dispose();
        foreach (OrtValue input in _inputs)
        {
            input.Dispose();
        }

        _session?.Dispose();
        _runOptions?.Dispose();
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>A bare InferenceSession.Run on prepared tensors (no tokenisation, no pooling).</summary>
    [Benchmark(Baseline = true)]
    public float BareSessionRun()
    {
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session!.Run(_runOptions, _inputNames, _inputs, _outputNames);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    /// <summary>The embedder: tokenize, pad, run, pool, normalise.</summary>
    [Benchmark]
    public async Task<float> Embedder()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator!.GenerateAsync(_texts);
        return embeddings[0].Vector.Span[0];
    }
}
