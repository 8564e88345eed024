using System.Globalization;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// Concatenates the vectors of several embedders into one: part i is L2-normalised and scaled by
/// <c>sqrt(w_i / sum w)</c>, so the result is unit length and the cosine of two hybrid vectors is exactly
/// <c>sum_i (w_i / sum w) * cos_i</c>, the weighted mean of the parts' cosines. Typical use: a sentence encoder
/// (meaning) with a hashed n-gram embedder (exact strings).
/// </summary>
/// <remarks>
/// <para>
/// Fingerprint: the model id lists every part's model id, dimensions and weight share
/// (<c>hybrid-v1(all-MiniLM-L6-v2+mean256w32@384*0.5+hashed-ngrams-v1-d2048-c3-5-w1-2@2048*0.5)</c>); the weights hash is the
/// sha256 of a canonical text of every part's full fingerprint (weights hashes included) and weight share, so changing
/// any part's weights changes the hybrid's fingerprint.
/// </para>
/// <para>
/// Each batch is passed whole to every part in turn (parts run one after another, in order). Thread-safe when the
/// parts are. Disposing disposes the parts only when created with <c>disposeParts: true</c>.
/// </para>
/// </remarks>
internal sealed class HybridEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HybridEmbeddingPart[] _parts;
    private readonly EmbedderFingerprint[] _partFingerprints;
    private readonly float[] _scales;
    private readonly bool _disposeParts;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _disposed;

    /// <summary>Creates a hybrid of the given parts.</summary>
    /// <param name="parts">At least one part, each with a positive finite weight.</param>
    /// <param name="disposeParts">Whether <see cref="Dispose"/> disposes the parts' generators. Default <see langword="false"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> or a part is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There is no part, or a weight is not positive and finite.</exception>
    /// <exception cref="RagPrefException">A part exposes no fingerprint.</exception>
    public HybridEmbeddingGenerator(IEnumerable<HybridEmbeddingPart> parts, bool disposeParts = false)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _parts = [.. parts];
        if (_parts.Length == 0)
        {
            throw new ArgumentException("A hybrid embedder needs at least one part.", nameof(parts));
        }

        double total = 0;
        _partFingerprints = new EmbedderFingerprint[_parts.Length];
        for (int i = 0; i < _parts.Length; i++)
        {
            HybridEmbeddingPart part = _parts[i] ?? throw new ArgumentNullException(nameof(parts), $"Part {i} is null.");
            ArgumentNullException.ThrowIfNull(part.Generator, nameof(parts));
            if (!double.IsFinite(part.Weight) || part.Weight <= 0)
            {
                throw new ArgumentException($"Part {i} has weight {part.Weight}; every weight must be positive and finite.", nameof(parts));
            }

            total += part.Weight;
            _partFingerprints[i] = EmbedderFingerprint.Of(part.Generator);
        }

        _scales = new float[_parts.Length];
        var id = new StringBuilder("hybrid-v1(");
        var canonical = new StringBuilder("hybrid-v1\n");
        int dimensions = 0;
        for (int i = 0; i < _parts.Length; i++)
        {
            double share = _parts[i].Weight / total;
            _scales[i] = (float)Math.Sqrt(share);
            EmbedderFingerprint fp = _partFingerprints[i];
            dimensions += fp.Dimensions;
            id.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "+" : string.Empty)}{fp.ModelId}@{fp.Dimensions}*{share:R}");
            canonical.Append(CultureInfo.InvariantCulture, $"{fp.ModelId}\t{fp.Dimensions}\t{fp.WeightsSha256}\t{share:R}\n");
        }

        id.Append(')');
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        Fingerprint = new EmbedderFingerprint(id.ToString(), dimensions, hash);
        _metadata = new EmbeddingGeneratorMetadata("Mcip.RagPref", providerUri: null, Fingerprint.ModelId, dimensions);
        _disposeParts = disposeParts;
    }

    /// <summary>Gets the fingerprint composed from the parts' fingerprints and weight shares.</summary>
    public EmbedderFingerprint Fingerprint { get; }

    /// <summary>Gets the vector length: the sum of the parts' dimensions.</summary>
    public int Dimensions => Fingerprint.Dimensions;

    /// <summary>Embeds every text with every part and concatenates the scaled, normalised part vectors.</summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">
    /// Optional options passed to every part (with <see cref="EmbeddingGenerationOptions.Dimensions"/> cleared);
    /// its dimensions must be <see langword="null"/> or equal to <see cref="Dimensions"/>.
    /// </param>
    /// <param name="cancellationToken">Passed to every part and checked between parts.</param>
    /// <returns>One unit vector per text, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Other dimensions were requested.</exception>
    /// <exception cref="RagPrefException">A part returned the wrong number of vectors, a vector of the wrong length, or a zero or non-finite vector.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (options?.Dimensions is int requested && requested != Dimensions)
        {
            throw new ArgumentException(
                $"This hybrid produces {Dimensions}-dimensional vectors (the sum of its parts), but {requested} were requested.",
                nameof(options));
        }

        EmbeddingGenerationOptions? partOptions = options?.Clone();
        if (partOptions is not null)
        {
            partOptions.Dimensions = null;
        }

        IReadOnlyList<string> texts = values as IReadOnlyList<string> ?? [.. values];
        var vectors = new float[texts.Count][];
        for (int t = 0; t < vectors.Length; t++)
        {
            vectors[t] = new float[Dimensions];
        }

        int offset = 0;
        for (int p = 0; p < _parts.Length; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GeneratedEmbeddings<Embedding<float>> embeddings =
                await _parts[p].Generator.GenerateAsync(texts, partOptions, cancellationToken).ConfigureAwait(false);
            EmbedderFingerprint fp = _partFingerprints[p];
            if (embeddings.Count != texts.Count)
            {
                throw new RagPrefException(
                    $"Hybrid part {p} ('{fp}') returned {embeddings.Count} vectors for {texts.Count} texts; it must return exactly one per text, in order.");
            }

            for (int t = 0; t < texts.Count; t++)
            {
                WritePart(embeddings[t].Vector.Span, vectors[t].AsSpan(offset, fp.Dimensions), _scales[p], p, t);
            }

            offset += fp.Dimensions;
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (float[] vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = Fingerprint.ModelId });
        }

        return result;
    }

    /// <summary>
    /// Returns the <see cref="EmbedderFingerprint"/>, the <see cref="EmbeddingGeneratorMetadata"/>, or this generator
    /// when asked for a type it is; otherwise <see langword="null"/>. Keyed requests always return <see langword="null"/>.
    /// </summary>
    /// <param name="serviceType">The requested type.</param>
    /// <param name="serviceKey">The key; only unkeyed requests are answered.</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbedderServices.Get(this, Fingerprint, _metadata, serviceType, serviceKey);

    /// <summary>Disposes the parts' generators when the hybrid owns them; idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_disposeParts)
        {
            return;
        }

        foreach (HybridEmbeddingPart part in _parts)
        {
            part.Generator.Dispose();
        }
    }

    private void WritePart(ReadOnlySpan<float> source, Span<float> destination, float scale, int part, int text)
    {
        if (source.Length != destination.Length)
        {
            throw new RagPrefException(
                $"Hybrid part {part} ('{_partFingerprints[part]}') returned a vector of {source.Length} floats for text {text}, "
                + $"but its fingerprint says {destination.Length}. Fix the part's reported dimensions.");
        }

        float norm = TensorPrimitives.Norm(source);
        if (!float.IsFinite(norm) || norm == 0)
        {
            throw new RagPrefException(
                $"Hybrid part {part} ('{_partFingerprints[part]}') returned a zero or non-finite vector for text {text}; "
                + "a hybrid needs a direction from every part. Check the part's output for that text.");
        }

        TensorPrimitives.Multiply(source, scale / norm, destination);
    }
}
