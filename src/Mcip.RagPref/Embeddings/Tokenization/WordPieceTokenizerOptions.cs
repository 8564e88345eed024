namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// Options of <see cref="WordPieceTokenizer"/>. Settings left <see langword="null"/> are taken from the
/// <c>tokenizer_config.json</c> beside the vocabulary when there is one, else from the BERT-uncased defaults.
/// </summary>
/// <remarks>Read once by <see cref="WordPieceTokenizer.Create(string, WordPieceTokenizerOptions?)"/>; later changes have no effect on a created tokenizer.</remarks>
public sealed class WordPieceTokenizerOptions
{
    /// <summary>
    /// The maximum sequence length, special tokens included, used by
    /// <see cref="WordPieceTokenizer.EncodeBatch"/> when no limit is passed. Default 256; at least 2. When
    /// <c>tokenizer_config.json</c> declares a smaller <c>model_max_length</c>, that smaller value is used.
    /// </summary>
    public int MaxLength { get; set; } = 256;

    /// <summary>Lower-case the text. Default <see langword="null"/>: <c>do_lower_case</c> from the configuration, else <see langword="true"/>.</summary>
    public bool? LowerCase { get; set; }

    /// <summary>
    /// Remove accents (NFD, then drop non-spacing marks). Default <see langword="null"/>: <c>strip_accents</c>
    /// from the configuration, and when that is absent or null, the same as <see cref="LowerCase"/>.
    /// </summary>
    public bool? StripAccents { get; set; }

    /// <summary>Split CJK ideographs into one word each. Default <see langword="null"/>: <c>tokenize_chinese_chars</c> from the configuration, else <see langword="true"/>.</summary>
    public bool? TokenizeChineseChars { get; set; }

    /// <summary>Words longer than this many code points become <c>[UNK]</c>. Default 100; at least 1.</summary>
    public int MaxInputCharsPerWord { get; set; } = 100;

    /// <summary>
    /// Recognise special-token strings (<c>[CLS]</c>, <c>[SEP]</c>, <c>[PAD]</c>, <c>[UNK]</c>, <c>[MASK]</c>)
    /// written literally in the text and encode them as their ids, as Hugging Face tokenizers do. Default
    /// <see langword="true"/>; set <see langword="false"/> to tokenize such strings as ordinary text.
    /// </summary>
    public bool SplitSpecialTokens { get; set; } = true;
}
