using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings.Lexical;

/// <summary>
/// A lexical embedder: hashes the character and word n-grams of a text into a fixed number of signed buckets and
/// L2-normalises the result. It needs no model files, runs in microseconds, and keeps what sentence encoders blur:
/// exact command strings and paths (<c>curl ... | sh</c>, <c>~/.ssh/authorized_keys</c>), tool names, code. The default
/// guard pairs it with a sentence encoder (<c>RagPrefGuard.CreateDefaultEmbedder</c>).
/// </summary>
/// <remarks>
/// <para>
/// Features. The text is lower-cased (ASCII exactly; other characters by the invariant culture's simple per-code-unit
/// mapping), every run of white space or control characters becomes one space, and both ends get a space. Character
/// part: every n-gram of <see cref="HashedNGramEmbeddingOptions.MinCharNGram"/> to
/// <see cref="HashedNGramEmbeddingOptions.MaxCharNGram"/> UTF-16 code units of that string (crossing word boundaries,
/// so <c>" | sh"</c> is a feature; the padding marks the start and end of the text and of every word). Word part:
/// words are maximal runs of letters, digits and <c>'_'</c>; every run of
/// <see cref="HashedNGramEmbeddingOptions.MinWordNGram"/> to <see cref="HashedNGramEmbeddingOptions.MaxWordNGram"/>
/// adjacent words is a feature.
/// </para>
/// <para>
/// Weighting. A feature occurring tf times weighs <c>1 + ln(tf)</c> (sublinear). Its 64-bit hash (FNV-1a over the
/// code units with a MurmurHash3 finaliser, separate namespaces for characters and words; stable across processes,
/// platforms and runtimes) picks the bucket from its low 32 bits and the sign from its top bit, so collisions cancel on
/// average instead of piling up. Each part is L2-normalised and scaled by the square root of its weight share, the two
/// are added, and the sum is L2-normalised again.
/// </para>
/// <para>
/// Texts without features (the empty string, white space only, or with the default options any text that yields no
/// 3-character n-gram and no word) all map to one fixed unit vector (a single reserved bucket), so every vector is
/// unit length as the index requires; such texts have cosine 1 with each other and about 0 with anything else.
/// </para>
/// <para>Deterministic, thread-safe, owns no resources (<see cref="Dispose"/> does nothing).</para>
/// </remarks>
public sealed class HashedNGramEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HashedNGramFeaturizer _featurizer;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">The options; <see langword="null"/> for <see cref="HashedNGramEmbeddingOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message lists every problem).</exception>
    public HashedNGramEmbeddingGenerator(HashedNGramEmbeddingOptions? options = null)
    {
        options ??= HashedNGramEmbeddingOptions.Default;
        options.Validate(nameof(options));
        Options = options;
        _featurizer = new HashedNGramFeaturizer(options);
        string modelId = options.ModelId;
        Fingerprint = new EmbedderFingerprint(modelId, options.Dimensions, string.Empty);
        _metadata = new EmbeddingGeneratorMetadata("Mcip.RagPref", providerUri: null, modelId, options.Dimensions);
    }

    /// <summary>Gets the options.</summary>
    public HashedNGramEmbeddingOptions Options { get; }

    /// <summary>
    /// Gets the fingerprint: the model id of <see cref="HashedNGramEmbeddingOptions.ModelId"/>, the dimensions, and
    /// an empty weights hash (there are no weights; the model id names every setting).
    /// </summary>
    public EmbedderFingerprint Fingerprint { get; }

    /// <summary>Gets the vector length.</summary>
    public int Dimensions => Options.Dimensions;

    /// <summary>
    /// Embeds one text into a caller-provided buffer without allocating (the hot path for callers that manage
    /// their own vectors).
    /// </summary>
    /// <param name="text">The text; any length, including empty.</param>
    /// <param name="destination">Receives the unit vector; exactly <see cref="Dimensions"/> long.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public void Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        if (destination.Length != Options.Dimensions)
        {
            throw new ArgumentException(
                $"The destination must hold exactly {Options.Dimensions} floats, but holds {destination.Length}.", nameof(destination));
        }

        _featurizer.Embed(text, destination);
    }

    /// <summary>
    /// Embeds every text, in order. The work is synchronous (CPU only): the returned task is already complete.
    /// </summary>
    /// <param name="values">The texts; none <see langword="null"/>.</param>
    /// <param name="options">
    /// Optional options; only <see cref="EmbeddingGenerationOptions.Dimensions"/> is read, and it must be
    /// <see langword="null"/> or equal to <see cref="Dimensions"/>.
    /// </param>
    /// <param name="cancellationToken">Checked before every text; a cancelled token gives a cancelled task.</param>
    /// <returns>One unit vector per text, each tagged with the model id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A text is <see langword="null"/>, or other dimensions were requested.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is int requested && requested != Options.Dimensions)
        {
            throw new ArgumentException(
                $"This generator produces {Options.Dimensions}-dimensional vectors, but {requested} dimensions were requested. "
                + "Set HashedNGramEmbeddingOptions.Dimensions instead, or leave EmbeddingGenerationOptions.Dimensions unset.",
                nameof(options));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(values is ICollection<string> collection ? collection.Count : 4);
        int index = 0;
        foreach (string value in values)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<GeneratedEmbeddings<Embedding<float>>>(cancellationToken);
            }

            if (value is null)
            {
                throw new ArgumentException($"Text {index} is null; every text must be a string (use \"\" for none).", nameof(values));
            }

            var vector = new float[Options.Dimensions];
            _featurizer.Embed(value, vector);
            result.Add(new Embedding<float>(vector) { ModelId = Fingerprint.ModelId });
            index++;
        }

        return Task.FromResult(result);
    }

    /// <summary>
    /// Returns the <see cref="EmbedderFingerprint"/>, the <see cref="EmbeddingGeneratorMetadata"/> (provider
    /// "Mcip.RagPref", the model id, the dimensions), or this generator when asked for a type it is; otherwise
    /// <see langword="null"/>. Keyed requests always return <see langword="null"/>.
    /// </summary>
    /// <param name="serviceType">The requested type.</param>
    /// <param name="serviceKey">The key; only unkeyed requests are answered.</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbedderServices.Get(this, Fingerprint, _metadata, serviceType, serviceKey);

    /// <summary>Does nothing: the generator holds no resources.</summary>
    public void Dispose()
    {
    }
}
