using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Embeddings.Tokenization;

namespace Mcip.RagPref.Benchmarks.Tokenization;

/// <summary>
/// WordPiece encoding of one text (MiniLM vocabulary). Throughput: tokens per call are printed at set-up
/// (short 15, medium 39, long 198, [CLS] and [SEP] included); divide by the mean time.
/// </summary>
[MemoryDiagnoser]
public class WordPieceTokenizerBenchmarks
{
    private readonly long[] _destination = new long[512];
    private WordPieceTokenizer _tokenizer = null!;
    private NaiveWordPieceTokenizer _naive = null!;

    [ParamsSource(nameof(Texts))]
    public NamedText Input { get; set; } = null!;

    public static IEnumerable<NamedText> Texts() => BenchmarkTexts.All();

    [GlobalSetup]
    public void Setup()
    {
        string vocab = TokenizerBenchmarkAssets.MiniLmVocabulary;
        _tokenizer = WordPieceTokenizer.Create(vocab);
        _naive = new NaiveWordPieceTokenizer(vocab);
        int[] fast = _tokenizer.EncodeToIds(Input.Text);
        if (!fast.AsSpan().SequenceEqual(_naive.Encode(Input.Text).ToArray()))
        {
            throw new InvalidOperationException($"The naive and span tokenizers disagree on '{Input.Name}'.");
        }

        Console.WriteLine($"// {Input.Name}: {fast.Length} tokens, {Input.Text.Length} chars");
    }

    [Benchmark(Baseline = true)]
    public int Naive() => _naive.Encode(Input.Text).Count;

    [Benchmark]
    public int EncodeToIdsSpan() => _tokenizer.EncodeToIds(Input.Text, _destination, _destination.Length);

    [Benchmark]
    public int EncodeToIdsArray() => _tokenizer.EncodeToIds(Input.Text).Length;

    [Benchmark]
    public int CountTokens() => _tokenizer.CountTokens(Input.Text);
}
