using System.Security.Cryptography;
using System.Text.Json;
using Mcip.RagPref.Tokenization;

namespace Mcip.RagPref.Embeddings;

/// <summary>Loading a model folder.</summary>
public sealed partial class BertOnnxEmbeddingGenerator
{
    /// <summary>The file name of the ONNX graph in a model folder.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The file name of the WordPiece vocabulary in a model folder.</summary>
    public const string VocabularyFileName = "vocab.txt";

    private const string ProviderName = "onnxruntime";

    /// <summary>
    /// Loads a BERT-family sentence encoder from <paramref name="modelDirectory"/>: <c>model.onnx</c> (or
    /// <c>onnx/model.onnx</c>, the Hugging Face layout), <c>vocab.txt</c>, and when present
    /// <c>tokenizer_config.json</c> (lower-casing, accents, special tokens, <c>model_max_length</c>) and
    /// <c>config.json</c> (<c>max_position_embeddings</c> caps the maximum length). The model's inputs and output
    /// are checked against <paramref name="options"/>, and the sha256 of <c>model.onnx</c> is computed once, here.
    /// </summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <returns>A generator; dispose it to release the ONNX Runtime session.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelDirectory"/> is null or empty, or an option is out of range.</exception>
    /// <exception cref="RagPrefException">
    /// The folder or one of its required files is missing (the message names it), ONNX Runtime cannot be loaded, the
    /// model is invalid, or its inputs and outputs do not match the options (the message lists every problem).
    /// </exception>
    public static BertOnnxEmbeddingGenerator Create(string modelDirectory, BertOnnxEmbeddingGeneratorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        options ??= new BertOnnxEmbeddingGeneratorOptions();
        Validate(options);
        string folder = Path.GetFullPath(modelDirectory);
        if (!Directory.Exists(folder))
        {
            throw new RagPrefException(
                $"The model folder '{folder}' does not exist. Expected a folder holding {ModelFileName} and {VocabularyFileName} "
                + "of a BERT-family sentence encoder exported to ONNX (for example all-MiniLM-L6-v2); check the path.");
        }

        string modelPath = Path.Combine(folder, ModelFileName);
        if (!File.Exists(modelPath) && File.Exists(Path.Combine(folder, "onnx", ModelFileName)))
        {
            modelPath = Path.Combine(folder, "onnx", ModelFileName);
        }

        string vocabularyPath = Path.Combine(folder, VocabularyFileName);
        var missing = new List<string>(2);
        if (!File.Exists(modelPath))
        {
            missing.Add(ModelFileName);
        }

        if (!File.Exists(vocabularyPath))
        {
            missing.Add(VocabularyFileName);
        }

        if (missing.Count > 0)
        {
            throw new RagPrefException(
                $"The model folder '{folder}' has no {string.Join(" and no ", missing)}. Expected {ModelFileName} (the ONNX export of the encoder; "
                + $"onnx/{ModelFileName} is accepted too) and {VocabularyFileName} (its WordPiece vocabulary) in that folder; "
                + "copy them from the model's repository (for example sentence-transformers/all-MiniLM-L6-v2 on Hugging Face).");
        }

        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(vocabularyPath, new WordPieceTokenizerOptions { MaxLength = options.MaxLength });
        int maxLength = Math.Min(tokenizer.MaxLength, MaxPositions(folder) ?? int.MaxValue);
        string sha256 = HashFile(modelPath);
        BertOnnxEncoder encoder = BertOnnxEncoder.Create(modelPath, options);
        string modelId = string.IsNullOrWhiteSpace(options.ModelId) ? Path.GetFileName(folder) : options.ModelId;
        var fingerprint = new EmbedderFingerprint(modelId, encoder.Dimensions, sha256);
        return new BertOnnxEmbeddingGenerator(encoder, tokenizer, maxLength, options.BatchSize, fingerprint, new Uri(folder + Path.DirectorySeparatorChar));
    }

    private static void Validate(BertOnnxEmbeddingGeneratorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLength, 2, "options.MaxLength");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, "options.BatchSize");
        ArgumentException.ThrowIfNullOrEmpty(options.InputIdsName, "options.InputIdsName");
        ArgumentException.ThrowIfNullOrEmpty(options.OutputName, "options.OutputName");
        ArgumentNullException.ThrowIfNull(options.OnnxRuntime, "options.OnnxRuntime");
    }

    private static string HashFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary><c>max_position_embeddings</c> from <c>config.json</c>, when the folder has one that declares it.</summary>
    private static int? MaxPositions(string folder)
    {
        string path = Path.Combine(folder, "config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using JsonDocument config = JsonDocument.Parse(File.ReadAllBytes(path));
            return config.RootElement.ValueKind == JsonValueKind.Object
                && config.RootElement.TryGetProperty("max_position_embeddings", out JsonElement value)
                && value.TryGetInt32(out int positions)
                && positions >= 2
                    ? positions
                    : null;
        }
        catch (JsonException ex)
        {
            throw new RagPrefException(
                $"The model configuration '{path}' is not valid JSON ({ex.Message}). Expected the model's config.json; fix or remove the file.",
                ex);
        }
    }
}
