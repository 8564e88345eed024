using System.Text;
using Mcip.RagPref.Embeddings.Tokenization;

namespace Mcip.RagPref.Tests.Embeddings.Tokenization;

public sealed class WordPieceTokenizerTests
{
    // Ids are line numbers: [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4 un=5 ##aff=6 ##able=7 hello=8 ...
    private static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "hello", "world",
        ",", "!", "cafe", "οδος", "οδοσ", "中", "文", "$", "a", "##b", "##c", "x", "i", "é", "Hello",
    ];

    internal static WordPieceTokenizer CreateSmall(WordPieceTokenizerOptions? options = null, params string[] vocabulary)
    {
        string[] lines = vocabulary.Length > 0 ? vocabulary : Vocabulary;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return WordPieceTokenizer.Create(stream, options);
    }

    [Fact]
    public void Create_Stream_ReadsSpecialIdsAndSize()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal((0, 1, 2, 3), (tokenizer.PadId, tokenizer.UnkId, tokenizer.ClsId, tokenizer.SepId));
        Assert.Equal(Vocabulary.Length, tokenizer.VocabularySize);
        Assert.Equal(256, tokenizer.MaxLength);
    }

    [Fact]
    public void EncodeToIds_EmptyText_ReturnsClsSep()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 3], tokenizer.EncodeToIds(string.Empty));
        Assert.Equal([2, 3], tokenizer.EncodeToIds(" \t\r\n\u00A0\u3000"));
        Assert.Equal(2, tokenizer.CountTokens(string.Empty));
    }

    [Fact]
    public void EncodeToIds_ContinuationPieces_GreedyLongestMatchFirst()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 5, 6, 7, 3], tokenizer.EncodeToIds("unaffable"));
        Assert.Equal([2, 18, 19, 20, 3], tokenizer.EncodeToIds("abc"));
    }

    [Fact]
    public void EncodeToIds_WordNotSpellable_IsOneUnknown()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        // "unaffz": un ##aff match, then "z" cannot: the whole word is [UNK], not a partial spelling.
        Assert.Equal([2, 1, 8, 3], tokenizer.EncodeToIds("unaffz hello"));
    }

    [Fact]
    public void EncodeToIds_PunctuationAndAsciiSymbols_SplitIntoOwnWords()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 8, 10, 9, 11, 17, 3], tokenizer.EncodeToIds("Hello,World!$"));
    }

    [Fact]
    public void EncodeToIds_AccentsAndCase_NormalizedAwayByDefault()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 12, 3], tokenizer.EncodeToIds("CAFÉ"));
        Assert.Equal([2, 12, 3], tokenizer.EncodeToIds("cafe\u0301"));
    }

    [Fact]
    public void EncodeToIds_LowerCaseWithoutStripAccents_KeepsAccent()
    {
        WordPieceTokenizer tokenizer = CreateSmall(new WordPieceTokenizerOptions { StripAccents = false });

        Assert.Equal([2, 23, 3], tokenizer.EncodeToIds("É"));
    }

    [Fact]
    public void EncodeToIds_LowerCaseOff_KeepsCase()
    {
        WordPieceTokenizer tokenizer = CreateSmall(new WordPieceTokenizerOptions { LowerCase = false });

        Assert.Equal([2, 24, 8, 3], tokenizer.EncodeToIds("Hello hello"));
    }

    [Fact]
    public void EncodeToIds_CapitalSigma_LowerCasedToFinalFormOnlyAtWordEnd()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        // "ΟΔΟΣ" ends the word: final sigma; the vocabulary spells only the final form as "οδος".
        Assert.Equal([2, 13, 3], tokenizer.EncodeToIds("ΟΔΟΣ"));
        Assert.Equal([2, 14, 3], tokenizer.EncodeToIds("ΟΔΟσ"));
    }

    [Fact]
    public void EncodeToIds_DottedCapitalI_BecomesPlainIAfterAccentStripping()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 22, 3], tokenizer.EncodeToIds("\u0130"));
    }

    [Fact]
    public void EncodeToIds_CjkIdeographs_SplitOnePerWord()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 15, 16, 3], tokenizer.EncodeToIds("中文"));
    }

    [Fact]
    public void EncodeToIds_ControlsAndReplacementCharacter_Removed()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 8, 3], tokenizer.EncodeToIds("hel\u0000l\uFFFDo\u200B"));
        Assert.Equal([2, 8, 9, 3], tokenizer.EncodeToIds("hello\u2028world"));
    }

    [Fact]
    public void EncodeToIds_WordLongerThanLimit_IsUnknown()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 1, 3], tokenizer.EncodeToIds(new string('x', 101)));
        Assert.Equal([2, 8, 3], tokenizer.EncodeToIds("hello"));
        Assert.Equal(new int[] { 2, 1, 3 }, CreateSmall(new WordPieceTokenizerOptions { MaxInputCharsPerWord = 3 }).EncodeToIds("abcx"));
    }

    [Fact]
    public void EncodeToIds_SpecialTokenWrittenInText_EncodedAsItsId()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 8, 4, 9, 3, 3], tokenizer.EncodeToIds("hello[MASK]world [SEP]"));
    }

    [Fact]
    public void EncodeToIds_SpecialTokenSplittingOff_TreatsBracketsAsPunctuation()
    {
        WordPieceTokenizer tokenizer = CreateSmall(new WordPieceTokenizerOptions { SplitSpecialTokens = false });

        Assert.Equal([2, 1, 1, 1, 3], tokenizer.EncodeToIds("[MASK]"));
    }

    [Fact]
    public void EncodeToIds_MaxTokens_TruncatesPiecesAndKeepsSep()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Equal([2, 5, 6, 3], tokenizer.EncodeToIds("unaffable hello", maxTokens: 4));
        Assert.Equal([2, 3], tokenizer.EncodeToIds("hello", maxTokens: 2));
    }

    [Fact]
    public void EncodeToIds_Span_WritesSameIdsAsArrayOverload()
    {
        WordPieceTokenizer tokenizer = CreateSmall();
        Span<long> destination = stackalloc long[16];

        int count = tokenizer.EncodeToIds("unaffable, hello", destination, 16);

        Assert.Equal([2L, 5, 6, 7, 10, 8, 3], destination[..count].ToArray());
    }

    [Fact]
    public void EncodeToIds_SpanShorterThanResult_ThrowsArgumentException()
    {
        WordPieceTokenizer tokenizer = CreateSmall();
        long[] destination = new long[4];

        Assert.Throws<ArgumentException>(() => tokenizer.EncodeToIds("unaffable hello", destination, 16));
        Assert.Throws<ArgumentException>(() => tokenizer.EncodeToIds("hello", new long[1], 16));
    }

    [Fact]
    public void EncodeToIds_SpanAsLongAsTruncatedResult_Succeeds()
    {
        WordPieceTokenizer tokenizer = CreateSmall();
        long[] destination = new long[4];

        int count = tokenizer.EncodeToIds("unaffable hello", destination, 4);
        int exact = tokenizer.EncodeToIds("hello", destination.AsSpan(0, 3), 16);

        Assert.Equal(4, count);
        Assert.Equal(3, exact);
        Assert.Equal([2L, 8, 3], destination[..3]);
    }

    [Fact]
    public void EncodeToIds_MaxTokensBelowTwo_ThrowsArgumentOutOfRange()
    {
        WordPieceTokenizer tokenizer = CreateSmall();

        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.EncodeToIds("hello", new long[8], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.EncodeToIds("hello", 1));
    }

    [Fact]
    public void EncodeToIds_HundredThousandCharacters_TruncatedWithoutError()
    {
        WordPieceTokenizer tokenizer = CreateSmall();
        var builder = new StringBuilder();
        while (builder.Length < 100_000)
        {
            builder.Append("hello unaffable, 中文 x ");
        }

        string text = builder.ToString(0, 100_000);
        long[] destination = new long[256];

        int count = tokenizer.EncodeToIds(text, destination, 256);
        int[] full = tokenizer.EncodeToIds(text);

        Assert.Equal(256, count);
        Assert.Equal(3L, destination[255]);
        Assert.Equal(full.Length, tokenizer.CountTokens(text));
        Assert.Equal(full.AsSpan(0, 255).ToArray().Select(i => (long)i), destination[..255]);
        Assert.Equal(1, tokenizer.EncodeToIds(new string('a', 100_000))[1]);
    }
}
