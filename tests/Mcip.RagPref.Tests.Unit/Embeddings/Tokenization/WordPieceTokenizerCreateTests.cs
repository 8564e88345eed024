using System.Text;
using Mcip.RagPref.Embeddings.Tokenization;

namespace Mcip.RagPref.Tests.Embeddings.Tokenization;

public sealed class WordPieceTokenizerCreateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ragpref-wordpiece-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Create_MissingFile_ThrowsRagPrefExceptionNamingThePath()
    {
        string path = Path.Combine(_folder, "absent", "vocab.txt");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => WordPieceTokenizer.Create(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EmptyVocabulary_ThrowsRagPrefException()
    {
        RagPrefException ex = Assert.Throws<RagPrefException>(() => WordPieceTokenizer.Create(new MemoryStream()));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_VocabularyWithoutUnk_ThrowsRagPrefExceptionNamingIt()
    {
        RagPrefException ex = Assert.Throws<RagPrefException>(() => Create("[PAD]", "[CLS]", "[SEP]", "hello"));

        Assert.Contains("[UNK]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_VocabularyWithoutClsSepPad_ListsEveryMissingToken()
    {
        RagPrefException ex = Assert.Throws<RagPrefException>(() => Create("[UNK]", "hello"));

        Assert.Contains("[CLS]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[SEP]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[PAD]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OptionsOutOfRange_ThrowArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(new WordPieceTokenizerOptions { MaxLength = 1 }, "[PAD]", "[UNK]", "[CLS]", "[SEP]"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(new WordPieceTokenizerOptions { MaxInputCharsPerWord = 0 }, "[PAD]", "[UNK]", "[CLS]", "[SEP]"));
        Assert.Throws<ArgumentNullException>(() => WordPieceTokenizer.Create((Stream)null!));
        Assert.Throws<ArgumentException>(() => WordPieceTokenizer.Create(string.Empty));
    }

    [Fact]
    public void Create_DuplicateToken_KeepsLastLine()
    {
        WordPieceTokenizer tokenizer = Create("[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", "hello");

        Assert.Equal([2, 5, 3], tokenizer.EncodeToIds("hello"));
        Assert.Equal(6, tokenizer.VocabularySize);
    }

    [Fact]
    public void Create_ConfigurationBesideVocabulary_HonoursCaseLengthAndSpecialTokens()
    {
        string vocab = WriteVocabulary("<pad>", "<unk>", "<s>", "</s>", "Hello", "hello");
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """
            {
              "do_lower_case": false,
              "model_max_length": 128,
              "cls_token": "<s>",
              "sep_token": { "content": "</s>", "lstrip": false },
              "pad_token": "<pad>",
              "unk_token": "<unk>"
            }
            """);

        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(vocab);

        Assert.Equal((0, 1, 2, 3), (tokenizer.PadId, tokenizer.UnkId, tokenizer.ClsId, tokenizer.SepId));
        Assert.Equal(128, tokenizer.MaxLength);
        Assert.Equal([2, 4, 5, 3, 3], tokenizer.EncodeToIds("Hello hello</s>"));
    }

    [Fact]
    public void Create_OptionsOverrideConfiguration()
    {
        string vocab = WriteVocabulary("[PAD]", "[UNK]", "[CLS]", "[SEP]", "Hello", "hello");
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """{ "do_lower_case": false, "model_max_length": 1000000000000000019884624838656 }""");

        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(vocab, new WordPieceTokenizerOptions { LowerCase = true, MaxLength = 64 });

        Assert.Equal(64, tokenizer.MaxLength);
        Assert.Equal([2, 5, 3], tokenizer.EncodeToIds("Hello"));
    }

    [Fact]
    public void Create_MalformedConfiguration_ThrowsRagPrefExceptionNamingTheFile()
    {
        string vocab = WriteVocabulary("[PAD]", "[UNK]", "[CLS]", "[SEP]");
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), "{ \"do_lower_case\": ");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => WordPieceTokenizer.Create(vocab));

        Assert.Contains("tokenizer_config.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ConfigurationWithWrongType_ThrowsRagPrefExceptionNamingTheSetting()
    {
        string vocab = WriteVocabulary("[PAD]", "[UNK]", "[CLS]", "[SEP]");
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """{ "do_lower_case": "yes" }""");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => WordPieceTokenizer.Create(vocab));

        Assert.Contains("do_lower_case", ex.Message, StringComparison.Ordinal);
    }

    private static WordPieceTokenizer Create(params string[] lines) => Create(null, lines);

    private static WordPieceTokenizer Create(WordPieceTokenizerOptions? options, params string[] lines)
        => WordPieceTokenizer.Create(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), options);

    private string WriteVocabulary(params string[] lines)
    {
        string path = Path.Combine(_folder, "vocab.txt");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
