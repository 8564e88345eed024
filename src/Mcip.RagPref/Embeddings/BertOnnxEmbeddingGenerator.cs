using System.Buffers;
using System.Numerics.Tensors;
using Mcip.RagPref.Embeddings.Tokenization;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// Embeds text in-process with any BERT-family sentence encoder exported to ONNX (all-MiniLM-L6-v2, bge, e5,
/// gte, ...): WordPiece tokenisation identical to Hugging Face's <c>BertTokenizer</c>, the model run by ONNX
/// Runtime (Microsoft.ML.OnnxRuntime), pooling of <c>last_hidden_state</c> as the model's configuration says (mean
/// over the attention mask for most sentence encoders), L2 normalisation. Every vector has unit length.
/// </summary>
/// <remarks>
/// <para>
/// Create with <see cref="Create(string, BertOnnxEmbeddingGeneratorOptions?)"/> from a folder holding
/// <c>model.onnx</c> and <c>vocab.txt</c> (and optionally the model's configuration files), or with
/// <see cref="CreateMiniLM"/> for the all-MiniLM-L6-v2 model this library carries.
/// </para>
/// <para>
/// Texts are never truncated: a text longer than one window (<see cref="BertOnnxEmbeddingGeneratorOptions.MaxLength"/>,
/// 256 tokens for all-MiniLM-L6-v2, <c>[CLS]</c> and <c>[SEP]</c> included) is cut into overlapping windows, and its
/// vector is the token-weighted mean of the window vectors, normalised; a text that fits one window gets exactly the
/// model's vector. An empty text embeds the two-token sequence <c>[CLS] [SEP]</c>, a valid vector like any other.
/// Within one call, windows are grouped into batches of similar length (fewer padding tokens); results keep the order
/// of the input, and a text's vector does not depend on what it is batched with beyond float rounding (about 1e-7).
/// </para>
/// <para>
/// Thread safety: one instance serves any number of concurrent calls (ONNX Runtime sessions allow concurrent
/// runs; all scratch is per call). <see cref="GenerateAsync"/> does its work on the calling thread and checks
/// cancellation between batches.
/// </para>
/// <para>
/// <see cref="GetService(Type, object?)"/> answers <see cref="EmbedderFingerprint"/> (model id with every setting
/// that changes vectors, dimensions, sha256 of <c>model.onnx</c>) and <see cref="EmbeddingGeneratorMetadata"/>.
/// </para>
/// </remarks>
public sealed partial class BertOnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly BertOnnxEncoder _encoder;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly Settings _settings;
    private readonly EmbedderFingerprint _fingerprint;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _disposed;

    private BertOnnxEmbeddingGenerator(
        BertOnnxEncoder encoder, WordPieceTokenizer tokenizer, Settings settings, EmbedderFingerprint fingerprint, Uri location)
    {
        _encoder = encoder;
        _tokenizer = tokenizer;
        _settings = settings;
        _fingerprint = fingerprint;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, location, fingerprint.ModelId, fingerprint.Dimensions);
    }

    /// <summary>The number of tokens one run of the model sees (<c>[CLS]</c> and <c>[SEP]</c> included); longer texts are windowed.</summary>
    public int WindowLength => _settings.MaxLength;

    /// <summary>The tokenizer this generator uses (thread-safe).</summary>
    public WordPieceTokenizer Tokenizer => _tokenizer;

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
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbedderServices.Get(this, _fingerprint, _metadata, serviceType, serviceKey);

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

        // Tokenise every text whole, then cut the long ones into windows of at most MaxLength - 2 pieces.
        int room = _settings.MaxLength - 2;
        int stride = room - _settings.WindowOverlap;
        var pieces = new int[count][];
        var windows = new List<Window>(count);
        long tokens = 0;
        for (int i = 0; i < count; i++)
        {
            int[] ids = _tokenizer.EncodeToIds(_settings.Prompt.Length == 0 ? texts[i] : _settings.Prompt + texts[i]);
            pieces[i] = ids;
            int n = ids.Length - 2;
            tokens += ids.Length;
            if (n <= room)
            {
                windows.Add(new Window(i, 1, n));
                continue;
            }

            for (int start = 0; ; start += stride)
            {
                int length = Math.Min(room, n - start);
                windows.Add(new Window(i, 1 + start, length));
                if (start + length >= n)
                {
                    break;
                }
            }
        }

        // Batch windows of similar length together to pad less.
        windows.Sort(static (a, b) => a.Length.CompareTo(b.Length));
        int dims = _fingerprint.Dimensions;
        int batchCapacity = Math.Min(_settings.BatchSize, windows.Count);
        float[] pooled = ArrayPool<float>.Shared.Rent(batchCapacity * dims);
        int[] rowEnds = ArrayPool<int>.Shared.Rent(batchCapacity);
        int[] flat = ArrayPool<int>.Shared.Rent(batchCapacity * room);
        float[]?[] sums = new float[count][];
        try
        {
            for (int first = 0; first < windows.Count; first += batchCapacity)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(batchCapacity, windows.Count - first);
                int used = 0;
                for (int r = 0; r < rows; r++)
                {
                    Window window = windows[first + r];
                    pieces[window.Text].AsSpan(window.Start, window.Length).CopyTo(flat.AsSpan(used));
                    used += window.Length;
                    rowEnds[r] = used;
                }

                int longest = windows[first + rows - 1].Length + 2;
                using TokenBatch batch = TokenBatch.Create(flat.AsSpan(0, used), rowEnds.AsSpan(0, rows), longest, _tokenizer.ClsId, _tokenizer.SepId, _tokenizer.PadId);
                _encoder.Encode(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, batch.BatchSize, batch.SequenceLength, pooled);
                for (int r = 0; r < rows; r++)
                {
                    Window window = windows[first + r];
                    ReadOnlySpan<float> vector = pooled.AsSpan(r * dims, dims);
                    if (pieces[window.Text].Length - 2 <= room)
                    {
                        embeddings[window.Text] = new Embedding<float>(vector.ToArray()) { ModelId = _fingerprint.ModelId };
                        continue;
                    }

                    float[] sum = sums[window.Text] ??= new float[dims];
                    TensorPrimitives.MultiplyAdd(vector, window.Length + 2, sum, sum);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pooled);
            ArrayPool<int>.Shared.Return(rowEnds);
            ArrayPool<int>.Shared.Return(flat);
        }

        for (int i = 0; i < count; i++)
        {
            if (sums[i] is float[] sum)
            {
                TensorPrimitives.Divide(sum, MathF.Max(TensorPrimitives.Norm(sum), 1e-12f), sum);
                embeddings[i] = new Embedding<float>(sum) { ModelId = _fingerprint.ModelId };
            }
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings) { Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens } };
    }

    /// <summary>
    /// Runs the model once on <paramref name="ids"/> (a whole sequence, <c>[CLS]</c> and <c>[SEP]</c> included, at most
    /// <see cref="WindowLength"/> ids) and returns its unit vector: the model's own output, with no windowing.
    /// </summary>
    internal float[] EmbedIds(ReadOnlySpan<int> ids)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(ids.Length, 2, nameof(ids));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Length, _settings.MaxLength, nameof(ids));
        int[] ends = [ids.Length - 2];
        using TokenBatch batch = TokenBatch.Create(ids[1..^1], ends, ids.Length, ids[0], ids[^1], _tokenizer.PadId);
        float[] vector = new float[_fingerprint.Dimensions];
        _encoder.Encode(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, 1, ids.Length, vector);
        return vector;
    }

    /// <summary>One run's worth of a text: <paramref name="Length"/> pieces of text <paramref name="Text"/> from index <paramref name="Start"/> of its ids.</summary>
    private readonly record struct Window(int Text, int Start, int Length);
}
