using System.Text;
using System.Text.Json;
using Mcip.RagPref.Tests.TestSupport;
using Mcip.RagPref.Tokenization;

namespace Mcip.RagPref.Tests.Tokenization;

public sealed class SentencePieceUnigramTokenizerTests
{
    // Ids: 0-5 reserved, then ▁=6 ▁a=7 b=8 ab=9 ▁ab=10 c=11 ▁x=12
    private const string SmallVocabulary = """
        [["\uFFFD",0],["<s>",0],["</s>",0],["r1",0],["r2",0],["r3",0],
         ["▁",-5.0],["▁a",-2.0],["b",-3.0],["ab",-1.0],["▁ab",-6.0],["c",-4.0],["▁x",-1.5]]
        """;

    private static SentencePieceUnigramTokenizer CreateSmall(string json = SmallVocabulary)
        => SentencePieceUnigramTokenizer.Create(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void EncodeToIds_EveryReferenceString_MatchesTensorFlowJsIds()
    {
        string referencePath = SharedAssets.SharedFile("reference", "use-lite-vectors.jsonl");
        SentencePieceUnigramTokenizer tokenizer = SentencePieceUnigramTokenizer.Create(SharedAssets.RequireCache("use-lite", "0.2.0", "vocab.json"));
        var failures = new StringBuilder();
        int lines = 0;
        int mismatches = 0;
        foreach (string line in File.ReadLines(referencePath))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            string text = document.RootElement.GetProperty("text").GetString()!;
            int[] expected = [.. document.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())];
            int[] actual = tokenizer.EncodeToIds(text);
            lines++;
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                mismatches++;
                if (mismatches <= 10)
                {
                    failures.AppendLine($"line {lines}: {JsonSerializer.Serialize(text)}\n  expected [{string.Join(',', expected)}]\n  actual   [{string.Join(',', actual)}]");
                }
            }
        }

        Assert.Equal(214, lines);
        Assert.True(mismatches == 0, $"{mismatches} of {lines} strings differ:\n{failures}");
        Assert.Equal(8000, tokenizer.VocabularySize);
    }

    [Fact]
    public void EncodeToIds_EmptyText_ReturnsNoIds()
    {
        SentencePieceUnigramTokenizer tokenizer = CreateSmall();

        Assert.Empty(tokenizer.EncodeToIds(string.Empty));
        Assert.Equal(0, tokenizer.EncodeToIds(ReadOnlySpan<char>.Empty, Span<int>.Empty));
        Assert.Equal(0, SentencePieceUnigramTokenizer.GetMaxTokenCount(0));
    }

    [Fact]
    public void EncodeToIds_BestScorePath_Wins()
    {
        SentencePieceUnigramTokenizer tokenizer = CreateSmall();

        // "▁ab": ▁a + b = -5, ▁ + ab = -6, ▁ab = -6: the first is best.
        Assert.Equal([7, 8], tokenizer.EncodeToIds("ab"));
        Assert.Equal([12, 7, 11], tokenizer.EncodeToIds("x ac"));
    }

    [Fact]
    public void EncodeToIds_ConsecutiveUnknowns_MergedIntoOne()
    {
        SentencePieceUnigramTokenizer tokenizer = CreateSmall();

        Assert.Equal([7, 0, 8], tokenizer.EncodeToIds("azzzb"));
        Assert.Equal([6, 0], tokenizer.EncodeToIds("\uD800\uDFFF\uD800"));
    }

    [Fact]
    public void Create_NullScore_CountsAsZero()
    {
        SentencePieceUnigramTokenizer tokenizer = CreateSmall("""
            [["\uFFFD",0],["<s>",0],["</s>",0],["r1",0],["r2",0],["r3",0],["▁",-1.0],["▁a",-9.0],["a",null]]
            """);

        // ▁ + a (null = 0) scores -1, better than ▁a at -9.
        Assert.Equal([6, 8], tokenizer.EncodeToIds("a"));
    }

    [Fact]
    public void EncodeToIds_CompatibilityCharacters_NormalizedWithNfkc()
    {
        SentencePieceUnigramTokenizer tokenizer = CreateSmall();

        // Full-width "ａｂ" is "ab" after NFKC.
        Assert.Equal(tokenizer.EncodeToIds("ab"), tokenizer.EncodeToIds("\uFF41\uFF42"));
    }

    [Fact]
    public void EncodeToIds_DestinationTooShort_ThrowsArgumentException()
    {
        SentencePieceUnigramTokenizer tokenizer = CreateSmall();

        Assert.Throws<ArgumentException>(() => tokenizer.EncodeToIds("x ac", new int[2]));
        Assert.Equal(3, tokenizer.EncodeToIds("x ac", new int[3]));
    }

    [Fact]
    public void GetMaxTokenCount_NegativeLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SentencePieceUnigramTokenizer.GetMaxTokenCount(-1));
        Assert.Equal(int.MaxValue, SentencePieceUnigramTokenizer.GetMaxTokenCount(int.MaxValue));
    }

    [Fact]
    public void EncodeToIds_ArbitraryStrings_NeverThrowAndFitTheBound()
    {
        SentencePieceUnigramTokenizer tokenizer = SentencePieceUnigramTokenizer.Create(SharedAssets.RequireCache("use-lite", "0.2.0", "vocab.json"));
        var random = new Random(424242);
        for (int n = 0; n < 3000; n++)
        {
            string text = RandomText.Next(random, random.Next(0, 120));
            int[] destination = new int[SentencePieceUnigramTokenizer.GetMaxTokenCount(text.Length)];

            int[] ids = tokenizer.EncodeToIds(text);
            int count = tokenizer.EncodeToIds(text, destination);

            Assert.Equal(ids, destination[..count]);
            Assert.Equal(count, tokenizer.CountTokens(text));
            Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.VocabularySize - 1));
        }
    }

    [Fact]
    public void EncodeToIds_HundredThousandCharacters_Completes()
    {
        SentencePieceUnigramTokenizer tokenizer = CreateSmall();
        string text = string.Concat(Enumerable.Repeat("ab x ", 20_000));

        int[] ids = tokenizer.EncodeToIds(text);

        // "▁a" "b" "▁x" per repetition, then the trailing space as "▁".
        Assert.Equal(60_001, ids.Length);
        Assert.Equal([7, 8, 12, 7], ids[..4]);
        Assert.Equal(6, ids[^1]);
    }

    [Fact]
    public void Create_MissingFile_ThrowsRagPrefExceptionNamingSetup()
    {
        string path = Path.Combine(Path.GetTempPath(), "ragpref-absent", "vocab.json");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => SentencePieceUnigramTokenizer.Create(path));

        Assert.Contains("setup", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("[[\"a\",0]]")]
    [InlineData("[[\"a\",0],[\"b\",0],[\"c\",0],[\"d\",0],[\"e\",0],[\"f\",0],[\"g\",true]]")]
    [InlineData("[[\"<unk>\",0],[\"<s>\",0],[\"</s>\",0],[\"r1\",0],[\"r2\",0],[\"r3\",0],[\"a\",\"x\"]]")]
    [InlineData("[[")]
    public void Create_MalformedVocabulary_ThrowsRagPrefException(string json)
    {
        RagPrefException ex = Assert.Throws<RagPrefException>(() => CreateSmall(json));

        Assert.Contains("[piece, score]", ex.Message, StringComparison.Ordinal);
    }
}
