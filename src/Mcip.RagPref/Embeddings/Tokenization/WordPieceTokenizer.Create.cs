using System.Collections.Frozen;
using System.Text;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <content>Loading: <c>vocab.txt</c>, the optional <c>tokenizer_config.json</c>, and option resolution.</content>
public sealed partial class WordPieceTokenizer
{
    private WordPieceTokenizer(Dictionary<string, int> vocabulary, int vocabularySize, BertTokenizerConfig config, WordPieceTokenizerOptions options, string source)
    {
        _vocabulary = vocabulary.ToFrozenDictionary(StringComparer.Ordinal);
        _lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        VocabularySize = vocabularySize;

        List<string> missing = [];
        UnkId = FindSpecial(config.UnkToken, "unk_token", missing);
        ClsId = FindSpecial(config.ClsToken, "cls_token", missing);
        SepId = FindSpecial(config.SepToken, "sep_token", missing);
        PadId = FindSpecial(config.PadToken, "pad_token", missing);
        if (missing.Count > 0)
        {
            throw new RagPrefException($"The vocabulary '{source}' lacks the special token(s) {string.Join(", ", missing)}. A BERT vocab.txt must contain them (each on its own line); check that the file is the WordPiece vocabulary of the model, or name the tokens in tokenizer_config.json.");
        }

        foreach (KeyValuePair<string, int> entry in _vocabulary)
        {
            bool continuation = entry.Key.StartsWith("##", StringComparison.Ordinal);
            _maxPieceLength = Math.Max(_maxPieceLength, entry.Key.Length);
            if (continuation)
            {
                _maxContinuationLength = Math.Max(_maxContinuationLength, entry.Key.Length - 2);
            }
        }

        LowerCase = options.LowerCase ?? config.DoLowerCase ?? true;
        StripAccents = options.StripAccents ?? config.StripAccents ?? LowerCase;
        bool chinese = options.TokenizeChineseChars ?? config.TokenizeChineseChars ?? true;
        _normalizer = new BertNormalizer(LowerCase, StripAccents, chinese);
        _maxInputCharsPerWord = options.MaxInputCharsPerWord;
        MaxLength = config.ModelMaxLength is int modelMax ? Math.Min(options.MaxLength, modelMax) : options.MaxLength;

        if (options.SplitSpecialTokens)
        {
            List<KeyValuePair<string, int>> specials = [];
            foreach (string token in (ReadOnlySpan<string>)[config.ClsToken, config.SepToken, config.PadToken, config.UnkToken, config.MaskToken])
            {
                if (_vocabulary.TryGetValue(token, out int id))
                {
                    specials.Add(new(token, id));
                }
            }

            _specialTokens = new SpecialTokenMatcher(specials);
        }

        int FindSpecial(string token, string name, List<string> missingTokens)
        {
            if (_vocabulary.TryGetValue(token, out int id))
            {
                return id;
            }

            missingTokens.Add($"{token} ({name})");
            return -1;
        }
    }

    /// <summary>
    /// Loads a WordPiece vocabulary (<c>vocab.txt</c>: one token per line, the line number is the id) and the
    /// <c>tokenizer_config.json</c> in the same folder when there is one (<c>do_lower_case</c>,
    /// <c>strip_accents</c>, <c>tokenize_chinese_chars</c>, <c>model_max_length</c> and the special token strings).
    /// </summary>
    /// <param name="vocabPath">Path of <c>vocab.txt</c>.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="vocabPath"/> is null or empty, or an option is out of range.</exception>
    /// <exception cref="RagPrefException">The file is missing or unreadable, empty, or lacks [UNK], [CLS], [SEP] or [PAD]; or the configuration is invalid.</exception>
    public static WordPieceTokenizer Create(string vocabPath, WordPieceTokenizerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(vocabPath);
        options ??= new WordPieceTokenizerOptions();
        Validate(options);
        if (!File.Exists(vocabPath))
        {
            throw new RagPrefException($"The WordPiece vocabulary '{Path.GetFullPath(vocabPath)}' was not found. Expected the model's vocab.txt (one token per line); check the path or fetch the model files.");
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(vocabPath));
        string configPath = Path.Combine(folder ?? ".", BertTokenizerConfig.FileName);
        BertTokenizerConfig config = File.Exists(configPath) ? BertTokenizerConfig.Load(configPath) : BertTokenizerConfig.Default;
        try
        {
            using FileStream stream = File.OpenRead(vocabPath);
            return Load(stream, config, options, vocabPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"The WordPiece vocabulary '{vocabPath}' could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>Loads a WordPiece vocabulary from a stream (one token per line, UTF-8); no configuration file is read.</summary>
    /// <param name="vocab">The vocabulary stream; read to its end, not disposed.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="vocab"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="RagPrefException">The vocabulary is empty or lacks [UNK], [CLS], [SEP] or [PAD].</exception>
    public static WordPieceTokenizer Create(Stream vocab, WordPieceTokenizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        options ??= new WordPieceTokenizerOptions();
        Validate(options);
        return Load(vocab, BertTokenizerConfig.Default, options, "(stream)");
    }

    /// <summary>Loads a vocabulary stream with a configuration read elsewhere; <paramref name="source"/> names it in messages.</summary>
    internal static WordPieceTokenizer Create(Stream vocab, BertTokenizerConfig config, WordPieceTokenizerOptions options, string source)
    {
        Validate(options);
        return Load(vocab, config, options, source);
    }

    private static void Validate(WordPieceTokenizerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLength, 2, $"{nameof(options)}.{nameof(options.MaxLength)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInputCharsPerWord, 1, $"{nameof(options)}.{nameof(options.MaxInputCharsPerWord)}");
    }

    private static WordPieceTokenizer Load(Stream stream, BertTokenizerConfig config, WordPieceTokenizerOptions options, string source)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        int lines = 0;
        using (var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true))
        {
            while (reader.ReadLine() is { } line)
            {
                // A repeated token keeps its last line, as the Hugging Face loaders do.
                vocabulary[line] = lines++;
            }
        }

        if (lines == 0)
        {
            throw new RagPrefException($"The WordPiece vocabulary '{source}' is empty. Expected one token per line (about 30,000 lines for BERT models); check that the file downloaded completely.");
        }

        return new WordPieceTokenizer(vocabulary, lines, config, options, source);
    }
}
