using System.Text;
using System.Text.Json;
using Mcip.RagPref.Embeddings.Tokenization;
using Mcip.RagPref.Tests.TestSupport;
using Ml = Microsoft.ML.Tokenizers;

namespace Mcip.RagPref.Tests.Embeddings.Tokenization;

/// <summary>
/// How close Microsoft.ML.Tokenizers 3.0.0 comes to the Hugging Face reference ids that our own
/// <see cref="WordPieceTokenizer"/> matches exactly (see <see cref="WordPieceReferenceTests"/>). Each variant
/// asserts the number of exact matches it was measured at, so a change in the package (or in the shared
/// reference) shows up here; the first mismatches go to the test output.
/// </summary>
public sealed class MicrosoftMlTokenizersReferenceTests(ITestOutputHelper output)
{
    private const int ReferenceCount = 1906;
    private const int ClsId = 101;
    private const int SepId = 102;

    /// <summary>BertTokenizer: built-in options, then our BERT normaliser and pre-tokenizer swapped in part by part.</summary>
    public static TheoryData<string, int> BertOptionVariants => new()
    {
        // (a) the default options.
        { "default", 1114 },

        // (b) the best built-in options found: strip accents as Hugging Face does when lower-casing.
        { "RemoveNonSpacingMarks", 1291 },

        // Other built-in pre-tokenizers are worse.
        { "RemoveNonSpacingMarks+WhiteSpacePreTokenizer", 270 },
        { "RemoveNonSpacingMarks+WordOrNonWordPreTokenizer", 1193 },

        // Its BertNormalizer with our pre-tokenizer, and our normaliser with its pre-tokenizer: what each part costs.
        { "RemoveNonSpacingMarks+BertPreTokenizer(ours)", 1854 },
        { "BertNormalizer(ours)+default PreTokenizer", 1306 },

        // Both parts ours: BertTokenizer reduced to vocabulary look-up, greedy WordPiece and [CLS]/[SEP].
        { "BertNormalizer(ours)+BertPreTokenizer(ours)", ReferenceCount },
    };

    [Theory]
    [MemberData(nameof(BertOptionVariants))]
    public void BertTokenizer_MatchesMeasuredNumberOfReferences(string variant, int expectedMatches)
    {
        string vocab = SharedAssets.SharedFile("models", "all-MiniLM-L6-v2", "vocab.txt");
        Ml.BertOptions options = variant switch
        {
            "default" => new Ml.BertOptions(),
            "RemoveNonSpacingMarks" => new Ml.BertOptions { RemoveNonSpacingMarks = true },
            "RemoveNonSpacingMarks+WhiteSpacePreTokenizer" => new Ml.BertOptions { RemoveNonSpacingMarks = true, PreTokenizer = Ml.PreTokenizer.CreateWhiteSpace() },
            "RemoveNonSpacingMarks+WordOrNonWordPreTokenizer" => new Ml.BertOptions { RemoveNonSpacingMarks = true, PreTokenizer = Ml.PreTokenizer.CreateWordOrNonWord() },
            "RemoveNonSpacingMarks+BertPreTokenizer(ours)" => new Ml.BertOptions { RemoveNonSpacingMarks = true, PreTokenizer = new BertBasicPreTokenizer() },
            "BertNormalizer(ours)+default PreTokenizer" => new Ml.BertOptions { Normalizer = new BertBasicNormalizer() },
            "BertNormalizer(ours)+BertPreTokenizer(ours)" => new Ml.BertOptions { Normalizer = new BertBasicNormalizer(), PreTokenizer = new BertBasicPreTokenizer() },
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };
        Ml.BertTokenizer tokenizer = Ml.BertTokenizer.Create(vocab, options);
        AssertMatches($"BertTokenizer {variant}", text => [.. tokenizer.EncodeToIds(text, addSpecialTokens: true)], expectedMatches);
    }

    /// <summary>
    /// (c) The lower-level WordPieceTokenizer with BERT basic tokenisation plugged in as a Normalizer and a
    /// PreTokenizer, <c>[CLS]</c> and <c>[SEP]</c> added around the ids, MaxInputCharsPerWord = 100 as configured.
    /// The package counts that limit in UTF-16 units where Hugging Face counts code points; with this
    /// vocabulary it cannot change an id: a word of at most 100 code points but more than 100 UTF-16 units
    /// holds a supplementary-plane character, and vocab.txt has none, so Hugging Face gives [UNK] for it too.
    /// </summary>
    [Fact]
    public void WordPieceTokenizer_WithBertNormalizerAndPreTokenizer_MatchesMeasuredNumberOfReferences()
    {
        Ml.WordPieceTokenizer tokenizer = CreateWordPiece();
        AssertMatches("WordPieceTokenizer + BERT normalizer/pre-tokenizer", text => Wrap(tokenizer.EncodeToIds(text)), ReferenceCount);
    }

    private static Ml.WordPieceTokenizer CreateWordPiece()
        => Ml.WordPieceTokenizer.Create(
            SharedAssets.SharedFile("models", "all-MiniLM-L6-v2", "vocab.txt"),
            new Ml.WordPieceOptions
            {
                Normalizer = new BertBasicNormalizer(),
                PreTokenizer = new BertBasicPreTokenizer(),
                UnknownToken = "[UNK]",
                ContinuingSubwordPrefix = "##",
                MaxInputCharsPerWord = 100,
            });

    private static int[] Wrap(IReadOnlyList<int> ids) => [ClsId, .. ids, SepId];

    private void AssertMatches(string name, Func<string, int[]> encode, int expectedMatches)
    {
        var failures = new StringBuilder();
        int matches = 0;
        int mismatches = 0;
        foreach ((string text, int[] expected) in LoadReference())
        {
            int[] actual = encode(text);
            if (expected.AsSpan().SequenceEqual(actual))
            {
                matches++;
                continue;
            }

            mismatches++;
            if (mismatches <= 8)
            {
                string shown = text.Length > 200 ? text[..200] + "…" : text;
                failures.AppendLine($"  {JsonSerializer.Serialize(shown)}\n    expected [{string.Join(',', expected)}]\n    actual   [{string.Join(',', actual)}]");
            }
        }

        output.WriteLine($"{name}: {matches} of {ReferenceCount} exact");
        output.WriteLine(failures.ToString());
        Assert.Equal(expectedMatches, matches);
    }

    private static List<(string Text, int[] Ids)> LoadReference()
    {
        var reference = new List<(string, int[])>();
        foreach (string line in File.ReadLines(SharedAssets.SharedFile("reference", "minilm-wordpiece-ids.jsonl")))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            reference.Add((
                document.RootElement.GetProperty("text").GetString()!,
                [.. document.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())]));
        }

        Assert.Equal(ReferenceCount, reference.Count);
        return reference;
    }

    /// <summary>
    /// BERT normalisation (clean text, CJK spacing, lower-case with the full Unicode mapping, strip accents)
    /// by our <see cref="BertNormalizer"/>, applied chunk by chunk between whitespace (as our tokenizer does);
    /// the chunks are joined with single spaces.
    /// </summary>
    private sealed class BertBasicNormalizer : Ml.Normalizer
    {
        private readonly BertNormalizer _normalizer = new(lowerCase: true, stripAccents: true, tokenizeChineseChars: true);

        public override string Normalize(string original) => Normalize(original.AsSpan());

        public override string Normalize(ReadOnlySpan<char> original)
        {
            var scratch = new WordPieceScratch();
            try
            {
                var result = new StringBuilder(original.Length + 16);
                while (true)
                {
                    int start = original.IndexOfAnyExcept(BertCharacters.Whitespace);
                    if (start < 0)
                    {
                        break;
                    }

                    original = original[start..];
                    int end = original.IndexOfAny(BertCharacters.Whitespace);
                    if (result.Length > 0)
                    {
                        result.Append(' ');
                    }

                    result.Append(_normalizer.Normalize(end < 0 ? original : original[..end], ref scratch, out _));
                    if (end < 0)
                    {
                        break;
                    }

                    original = original[end..];
                }

                return result.ToString();
            }
            finally
            {
                scratch.Dispose();
            }
        }
    }

    /// <summary>The BERT pre-tokenizer: split on whitespace, and every punctuation character (BERT's sense) on its own.</summary>
    private sealed class BertBasicPreTokenizer : Ml.PreTokenizer
    {
        public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => Split(text.AsSpan());

        public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text);

        private static List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
        {
            var splits = new List<(int, int)>();
            int wordStart = 0;
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                int width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                int codePoint = width == 2 ? char.ConvertToUtf32(c, text[i + 1]) : c;
                bool space = width == 1 && BertCharacters.Whitespace.Contains(c);
                if (space || BertCharacters.IsPunctuation(codePoint))
                {
                    if (i > wordStart)
                    {
                        splits.Add((wordStart, i - wordStart));
                    }

                    if (!space)
                    {
                        splits.Add((i, width));
                    }

                    wordStart = i + width;
                }

                i += width;
            }

            if (i > wordStart)
            {
                splits.Add((wordStart, i - wordStart));
            }

            return splits;
        }
    }
}
