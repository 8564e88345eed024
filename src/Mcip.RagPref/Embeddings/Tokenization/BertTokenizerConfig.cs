using System.Text.Json;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// The settings of a Hugging Face <c>tokenizer_config.json</c> that a BERT WordPiece tokenizer honours.
/// Absent fields keep the BERT-uncased defaults.
/// </summary>
internal sealed class BertTokenizerConfig
{
    /// <summary>The file name looked for beside <c>vocab.txt</c>.</summary>
    public const string FileName = "tokenizer_config.json";

    /// <summary><c>do_lower_case</c>, or null when absent.</summary>
    public bool? DoLowerCase { get; private init; }

    /// <summary><c>strip_accents</c>, or null when absent or null.</summary>
    public bool? StripAccents { get; private init; }

    /// <summary><c>tokenize_chinese_chars</c>, or null when absent.</summary>
    public bool? TokenizeChineseChars { get; private init; }

    /// <summary><c>model_max_length</c> when it is a usable positive integer (the "unlimited" sentinel 1e30 is ignored).</summary>
    public int? ModelMaxLength { get; private init; }

    public string ClsToken { get; private init; } = "[CLS]";

    public string SepToken { get; private init; } = "[SEP]";

    public string PadToken { get; private init; } = "[PAD]";

    public string UnkToken { get; private init; } = "[UNK]";

    public string MaskToken { get; private init; } = "[MASK]";

    /// <summary>The defaults used when there is no configuration file.</summary>
    public static BertTokenizerConfig Default { get; } = new();

    /// <summary>Reads <paramref name="path"/>; throws <see cref="RagPrefException"/> when it is not a JSON object.</summary>
    public static BertTokenizerConfig Load(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"Could not read the tokenizer configuration '{path}': {ex.Message} Expected a Hugging Face tokenizer_config.json; fix or remove the file.", ex);
        }
    }

    /// <summary>Reads a configuration from <paramref name="stream"/>; <paramref name="path"/> names it in messages.</summary>
    public static BertTokenizerConfig Load(Stream stream, string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RagPrefException($"'{path}' must hold a JSON object, but it holds a {root.ValueKind}. Fix or remove the file.");
            }

            return new BertTokenizerConfig
            {
                DoLowerCase = ReadBool(root, "do_lower_case", path),
                StripAccents = ReadBool(root, "strip_accents", path),
                TokenizeChineseChars = ReadBool(root, "tokenize_chinese_chars", path),
                ModelMaxLength = ReadLength(root, "model_max_length"),
                ClsToken = ReadToken(root, "cls_token", "[CLS]"),
                SepToken = ReadToken(root, "sep_token", "[SEP]"),
                PadToken = ReadToken(root, "pad_token", "[PAD]"),
                UnkToken = ReadToken(root, "unk_token", "[UNK]"),
                MaskToken = ReadToken(root, "mask_token", "[MASK]"),
            };
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"Could not read the tokenizer configuration '{path}': {ex.Message} Expected a Hugging Face tokenizer_config.json; fix or remove the file.", ex);
        }
    }

    private static bool? ReadBool(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new RagPrefException($"'{name}' in '{path}' must be true, false or null, but it is {value.GetRawText()}."),
        };
    }

    private static int? ReadLength(JsonElement root, string name)
    {
        if (root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out double number) && number >= 2 && number <= 1_000_000 && number == Math.Floor(number))
        {
            return (int)number;
        }

        return null;
    }

    private static string ReadToken(JsonElement root, string name, string fallback)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() ?? fallback;
        }

        // Newer files store added tokens as objects: { "content": "[CLS]", "lstrip": false, ... }.
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out JsonElement content)
            && content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? fallback;
        }

        return fallback;
    }
}
