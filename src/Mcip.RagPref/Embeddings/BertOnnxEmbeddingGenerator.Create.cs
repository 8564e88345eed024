using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mcip.RagPref.Embeddings.Onnx;
using Mcip.RagPref.Embeddings.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Mcip.RagPref.Embeddings;

/// <summary>Loading a model folder, or the all-MiniLM-L6-v2 model this library carries.</summary>
public sealed partial class BertOnnxEmbeddingGenerator
{
    /// <summary>The file name of the ONNX graph in a model folder.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The file name of the WordPiece vocabulary in a model folder.</summary>
    public const string VocabularyFileName = "vocab.txt";

    private const string ProviderName = "onnxruntime";

    private const int FallbackMaxLength = 512;

    /// <summary>
    /// Loads a BERT-family sentence encoder from <paramref name="modelDirectory"/>: <c>model.onnx</c> (or
    /// <c>onnx/model.onnx</c>, the Hugging Face layout), <c>vocab.txt</c>, and when present the model's configuration:
    /// <c>tokenizer_config.json</c> (lower-casing, accents, special tokens), <c>sentence_bert_config.json</c> and
    /// <c>config.json</c> (window length), <c>1_Pooling/config.json</c> (pooling) and
    /// <c>config_sentence_transformers.json</c> (prompt). The model's inputs and output are checked against
    /// <paramref name="options"/>, and the sha256 of <c>model.onnx</c> is computed once, here.
    /// </summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults. They are copied.</param>
    /// <returns>A generator; dispose it to release the ONNX Runtime session.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelDirectory"/> is null or empty, or an option is out of range.</exception>
    /// <exception cref="RagPrefException">
    /// The folder or one of its required files is missing (the message names it), the model is invalid, or its inputs
    /// and outputs do not match the options (the message lists every problem).
    /// </exception>
    public static BertOnnxEmbeddingGenerator Create(string modelDirectory, BertOnnxEmbeddingGeneratorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        var files = new DirectoryModelFiles(modelDirectory);
        if (!Directory.Exists(files.Folder))
        {
            throw new RagPrefException(
                $"The model folder '{files.Folder}' does not exist. Expected a folder holding {ModelFileName} and {VocabularyFileName} "
                + "of a BERT-family sentence encoder exported to ONNX (for example all-MiniLM-L6-v2); check the path.");
        }

        return Create(files, options);
    }

    /// <summary>
    /// Loads all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; 384 dimensions, mean pooling, 256-token windows) from
    /// the Mcip.RagPref.Models.MiniLM package this library depends on: offline, with no file to download or extract.
    /// </summary>
    /// <param name="options">Options; <see langword="null"/> for the defaults. They are copied.</param>
    /// <returns>A generator; dispose it to release the ONNX Runtime session (about 90 MB of weights).</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="RagPrefException">ONNX Runtime cannot be loaded on this platform, or the options do not fit the model.</exception>
    public static BertOnnxEmbeddingGenerator CreateMiniLM(BertOnnxEmbeddingGeneratorOptions? options = null) =>
        Create(EmbeddedMiniLmFiles.Instance, options);

    internal static BertOnnxEmbeddingGenerator Create(ModelFiles files, BertOnnxEmbeddingGeneratorOptions? options)
    {
        options ??= new BertOnnxEmbeddingGeneratorOptions();
        Validate(options);
        string modelFile = !files.Exists(ModelFileName) && files.Exists("onnx/" + ModelFileName) ? "onnx/" + ModelFileName : ModelFileName;
        var missing = new List<string>(2);
        if (!files.Exists(modelFile))
        {
            missing.Add(ModelFileName);
        }

        if (!files.Exists(VocabularyFileName))
        {
            missing.Add(VocabularyFileName);
        }

        if (missing.Count > 0)
        {
            throw new RagPrefException(
                $"The model {files.Description} has no {string.Join(" and no ", missing)}. Expected {ModelFileName} (the ONNX export of the encoder; "
                + $"onnx/{ModelFileName} is accepted too) and {VocabularyFileName} (its WordPiece vocabulary); "
                + "copy them from the model's repository (for example sentence-transformers/all-MiniLM-L6-v2 on Hugging Face).");
        }

        BertModelConfiguration configuration = BertModelConfiguration.Read(files);
        (WordPieceTokenizer tokenizer, BertTokenizerConfig tokenizerConfig) = CreateTokenizer(files);
        int maxLength = options.MaxLength ?? configuration.MaxSequenceLength ?? tokenizerConfig.ModelMaxLength ?? FallbackMaxLength;
        maxLength = Math.Min(maxLength, configuration.MaxPositions ?? int.MaxValue);
        int overlap = Math.Min(options.WindowOverlap, (maxLength - 2) / 4);

        BertPooling pooling = options.Pooling ?? configuration.Pooling ?? BertPooling.Mean;
        string prompt = options.Prompt ?? configuration.Prompt ?? string.Empty;
        string sha256;
        InferenceSession session;
        if (files.PathOf(modelFile) is { } path)
        {
            sha256 = files.KnownSha256(modelFile) ?? HashFile(path);
            session = OnnxSessions.Open(path, options);
        }
        else
        {
            byte[] model = files.ReadAllBytes(modelFile);
            sha256 = files.KnownSha256(modelFile) ?? Convert.ToHexStringLower(SHA256.HashData(model));
            session = OnnxSessions.Open(model, files.Description, options);
        }

        BertOnnxEncoder encoder = BertOnnxEncoder.Create(session, files.Description, options, pooling);
        try
        {
            string modelId = string.IsNullOrWhiteSpace(options.ModelId) ? files.DefaultModelId : options.ModelId;
            var fingerprint = new EmbedderFingerprint(modelId + SettingsSuffix(pooling, maxLength, overlap, prompt), encoder.Dimensions, sha256);
            var settings = new Settings(maxLength, overlap, options.BatchSize, prompt);
            return new BertOnnxEmbeddingGenerator(encoder, tokenizer, settings, fingerprint, files.Location);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The WordPiece tokenizer of a model's files: <c>vocab.txt</c> with the model's <c>tokenizer_config.json</c> when it
    /// has one; no length limit (the generator windows long texts itself). Returns the configuration too.
    /// </summary>
    internal static (WordPieceTokenizer Tokenizer, BertTokenizerConfig Config) CreateTokenizer(ModelFiles files)
    {
        BertTokenizerConfig config = BertTokenizerConfig.Default;
        if (files.Exists(BertTokenizerConfig.FileName))
        {
            using Stream stream = files.Open(BertTokenizerConfig.FileName);
            config = BertTokenizerConfig.Load(stream, $"{BertTokenizerConfig.FileName} of the model {files.Description}");
        }

        using Stream vocabulary = files.Open(VocabularyFileName);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(
            vocabulary, config, new WordPieceTokenizerOptions { MaxLength = int.MaxValue }, $"{VocabularyFileName} of the model {files.Description}");
        return (tokenizer, config);
    }

    /// <summary>
    /// Every setting that changes vectors, appended to the model id so that stores built with other settings are
    /// refused: <c>+mean256w32</c>, plus <c>p</c> and a short hash of the prompt when there is one.
    /// </summary>
    private static string SettingsSuffix(BertPooling pooling, int maxLength, int overlap, string prompt)
    {
        string suffix = string.Create(CultureInfo.InvariantCulture, $"+{pooling.ToString().ToLowerInvariant()}{maxLength}w{overlap}");
        return prompt.Length == 0 ? suffix : suffix + "p" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)))[..8];
    }

    private static void Validate(BertOnnxEmbeddingGeneratorOptions options)
    {
        if (options.MaxLength is int length)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(length, 8, "options.MaxLength");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.WindowOverlap, "options.WindowOverlap");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, "options.BatchSize");
        ArgumentException.ThrowIfNullOrEmpty(options.InputIdsName, "options.InputIdsName");
        ArgumentException.ThrowIfNullOrEmpty(options.OutputName, "options.OutputName");
        OnnxSessions.Validate(options);
        if (options.Pooling is BertPooling pooling && !Enum.IsDefined(pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(options), pooling, "options.Pooling is not a BertPooling value.");
        }
    }

    private static string HashFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The resolved settings one generator runs with.</summary>
    private sealed record Settings(int MaxLength, int WindowOverlap, int BatchSize, string Prompt);
}
