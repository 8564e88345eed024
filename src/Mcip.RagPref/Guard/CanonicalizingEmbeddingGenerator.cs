using Mcip.RagPref.Embeddings;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Guard;

/// <summary>
/// An embedding generator that canonicalises every text (NFKC, invisible and bidi characters removed, tag
/// characters decoded, look-alike letters folded, whitespace collapsed) before the inner generator embeds it,
/// so stored examples and guarded requests are embedded the same way. Build stores for a
/// <see cref="RagPrefGuard"/> through it.
/// </summary>
/// <remarks>
/// Thread-safe when the inner generator is. Its <see cref="EmbedderFingerprint"/> is the inner one with
/// <c>+canon1</c> appended to the model id, so a store built without canonicalisation is refused.
/// </remarks>
public sealed class CanonicalizingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The suffix added to the inner fingerprint's model id.</summary>
    public const string FingerprintSuffix = "+canon1";

    private readonly TextCanonicalizer _canonicalizer;
    private readonly EmbedderFingerprint _fingerprint;

    /// <summary>Wraps <paramref name="innerGenerator"/>.</summary>
    /// <param name="innerGenerator">The embedder that receives the canonical texts.</param>
    /// <param name="options">Canonicalisation settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerGenerator"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The inner generator has no usable fingerprint.</exception>
    public CanonicalizingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, CanonicalizationOptions? options = null)
        : base(innerGenerator)
    {
        _canonicalizer = new TextCanonicalizer(options);
        EmbedderFingerprint inner = EmbedderFingerprint.Of(innerGenerator);
        _fingerprint = inner with { ModelId = inner.ModelId + FingerprintSuffix };
    }

    /// <summary>The generator that receives the canonical texts.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Inner => InnerGenerator;

    internal TextCanonicalizer Canonicalizer => _canonicalizer;

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var canonical = new List<string>();
        foreach (string value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            canonical.Add(_canonicalizer.Canonicalize(value).Text);
        }

        return base.GenerateAsync(canonical, options, cancellationToken);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(EmbedderFingerprint)
            ? _fingerprint
            : base.GetService(serviceType, serviceKey);
    }
}
