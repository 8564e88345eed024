using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Tokenization;

namespace Mcip.RagPref.Benchmarks.Tokenization;

/// <summary>
/// SentencePiece-unigram encoding of one text (USE Lite vocabulary). Throughput: the token count per
/// text is printed at set-up (short 14, medium 43, long 237); divide it (or the character count in the
/// parameter name) by the mean time.
/// </summary>
[MemoryDiagnoser]
public class SentencePieceTokenizerBenchmarks
{
    private SentencePieceUnigramTokenizer _tokenizer = null!;
    private NaiveSentencePieceTokenizer _naive = null!;
    private int[] _destination = null!;

    [ParamsSource(nameof(Texts))]
    public NamedText Input { get; set; } = null!;

    public static IEnumerable<NamedText> Texts() => BenchmarkTexts.All();

    [GlobalSetup]
    public void Setup()
    {
        string vocab = TokenizerBenchmarkAssets.UseLiteVocabulary;
        _tokenizer = SentencePieceUnigramTokenizer.Create(vocab);
        _naive = new NaiveSentencePieceTokenizer(vocab);
        _destination = new int[SentencePieceUnigramTokenizer.GetMaxTokenCount(Input.Text.Length)];
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
    public int EncodeToIdsSpan() => _tokenizer.EncodeToIds(Input.Text, _destination);

    [Benchmark]
    public int EncodeToIdsArray() => _tokenizer.EncodeToIds(Input.Text).Length;
}
