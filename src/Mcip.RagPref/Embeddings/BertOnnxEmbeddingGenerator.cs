using System.Buffers;
using Mcip.RagPref.Tokenization;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// Embeds text in-process with any BERT-family sentence encoder exported to ONNX (all-MiniLM-L6-v2, bge, e5,
/// gte, ...): WordPiece tokenisation identical to Hugging Face's <c>BertTokenizer</c>, the model run by ONNX
/// Runtime, attention-masked mean pooling of <c>last_hidden_state</c>, L2 normalisation. Every vector has unit length.
/// </summary>
/// <remarks>
/// <para>
/// Create with <see cref="Create(string, BertOnnxEmbeddingGeneratorOptions?)"/> from a folder holding
/// <c>model.onnx</c> and <c>vocab.txt</c> (and optionally <c>tokenizer_config.json</c> and <c>config.json</c>).
/// </para>
/// <para>
/// Texts are truncated to the maximum length (256 tokens by default, <c>[CLS]</c> and <c>[SEP]</c> included).
/// An empty text embeds the two-token sequence <c>[CLS] [SEP]</c>, a valid vector like any other. Within one
/// call, texts are grouped into batches of similar length (fewer padding tokens); results keep the order of the
/// input, and a text's vector does not depend on what it is batched with beyond float rounding (about 1e-7).
/// </para>
/// <para>
/// Thread safety: one instance serves any number of concurrent calls (ONNX Runtime sessions allow concurrent
/// runs; all scratch is per call). <see cref="GenerateAsync"/> does its work on the calling thread and checks
/// cancellation between batches.
/// </para>
/// <para>
/// <see cref="GetService(Type, object?)"/> answers <see cref="EmbedderFingerprint"/> (model id, dimensions,
/// sha256 of <c>model.onnx</c>) and <see cref="EmbeddingGeneratorMetadata"/>.
/// </para>
/// </remarks>
public sealed partial class BertOnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly BertOnnxEncoder _encoder;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly int _maxLength;
    private readonly int _batchSize;
    private readonly EmbedderFingerprint _fingerprint;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _disposed;

    private BertOnnxEmbeddingGenerator(
        BertOnnxEncoder encoder, WordPieceTokenizer tokenizer, int maxLength, int batchSize, EmbedderFingerprint fingerprint, Uri modelFolder)
    {
        _encoder = encoder;
        _tokenizer = tokenizer;
        _maxLength = maxLength;
        _batchSize = batchSize;
        _fingerprint = fingerprint;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, modelFolder, fingerprint.ModelId, fingerprint.Dimensions);
    }

    /// <summary>
    /// Embeds <paramref name="values"/>, one unit vector per text, in order.
    /// </summary>
    /// <param name="values">The texts (none null; empty strings are allowed).</param>
    /// <param name="options">Optional; when <see cref="EmbeddingGenerationOptions.Dimensions"/> is set it must equal the model's size.</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>The embeddings; <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/> counts the tokens embedded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">A text is null, or other dimensions were requested.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (the returned task is cancelled).</exception>
    /// <exception cref="RagPrefException">ONNX Runtime failed (the returned task is faulted).</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (options?.Dimensions is int requested && requested != _fingerprint.Dimensions)
        {
            throw new ArgumentException(
                $"{requested} dimensions were requested, but the model '{_fingerprint.ModelId}' produces {_fingerprint.Dimensions}; leave EmbeddingGenerationOptions.Dimensions unset.",
                nameof(options));
        }

        string[] texts = values as string[] ?? [.. values];
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"values[{i}] is null; every text must be a string (use \"\" for nothing).", nameof(values));
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<GeneratedEmbeddings<Embedding<float>>>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Generate(texts, cancellationToken));
        }
        catch (OperationCanceledException ex) when (ex.CancellationToken == cancellationToken)
        {
            return Task.FromCanceled<GeneratedEmbeddings<Embedding<float>>>(cancellationToken);
        }
        catch (Exception ex) when (ex is RagPrefException or ObjectDisposedException)
        {
            return Task.FromException<GeneratedEmbeddings<Embedding<float>>>(ex);
        }
    }

    /// <summary>
    /// Returns the <see cref="EmbedderFingerprint"/>, the <see cref="EmbeddingGeneratorMetadata"/>, or this instance
    /// for its own type; <see langword="null"/> for anything else or any <paramref name="serviceKey"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is null.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbedderFingerprint))
        {
            return _fingerprint;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the ONNX Runtime session; calls in progress finish first. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _encoder.Dispose();
        }
    }

    private GeneratedEmbeddings<Embedding<float>> Generate(string[] texts, CancellationToken cancellationToken)
    {
        int count = texts.Length;
        var embeddings = new Embedding<float>[count];
        if (count == 0)
        {
            return new GeneratedEmbeddings<Embedding<float>>(embeddings) { Usage = new UsageDetails { InputTokenCount = 0, TotalTokenCount = 0 } };
        }

        // Batch texts of similar length together (by characters, a cheap proxy for tokens) to pad less.
        int[] order = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
            lengths[i] = texts[i].Length;
        }

        Array.Sort(lengths, order);
        int dims = _fingerprint.Dimensions;
        int batchCapacity = Math.Min(_batchSize, count);
        string[] batchTexts = new string[batchCapacity];
        float[] pooled = ArrayPool<float>.Shared.Rent(batchCapacity * dims);
        long tokens = 0;
        try
        {
            for (int start = 0; start < count; start += batchCapacity)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(batchCapacity, count - start);
                for (int r = 0; r < rows; r++)
                {
                    batchTexts[r] = texts[order[start + r]];
                }

                using TokenBatch batch = _tokenizer.EncodeBatch(new ArraySegment<string>(batchTexts, 0, rows), _maxLength);
                _encoder.Encode(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, batch.BatchSize, batch.SequenceLength, pooled);
                for (int r = 0; r < rows; r++)
                {
                    tokens += batch.GetLength(r);
                    embeddings[order[start + r]] = new Embedding<float>(pooled.AsSpan(r * dims, dims).ToArray()) { ModelId = _fingerprint.ModelId };
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pooled);
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings) { Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens } };
    }
}
