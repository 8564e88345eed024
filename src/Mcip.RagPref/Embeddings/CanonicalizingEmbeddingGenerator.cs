using Mcip.RagPref.Text;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// An embedding generator that canonicalises every text (NFKC, invisible and bidi characters removed, tag
/// characters decoded, look-alike letters folded, whitespace collapsed) before the inner generator embeds it,
/// so stored examples and guarded requests are embedded the same way. Build stores for a
/// <c>RagPrefGuard</c> through it.
/// </summary>
/// <remarks>
/// Thread-safe when the inner generator is. Its <see cref="EmbedderFingerprint"/> is the inner one with
/// <c>+canon1</c> appended to the model id, followed by the settings that differ from the defaults (for example
/// <c>+canon1[b64:16/16]</c>), so a store built without canonicalisation, or with other settings, is refused.
/// </remarks>
public sealed class CanonicalizingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The suffix added to the inner fingerprint's model id.</summary>
    public const string FingerprintSuffix = "+canon1";

    private readonly TextCanonicalizer _canonicalizer;
    private readonly EmbedderFingerprint _fingerprint;
    private readonly CanonicalizationOptions _options;

    /// <summary>Wraps <paramref name="innerGenerator"/>.</summary>
    /// <param name="innerGenerator">The embedder that receives the canonical texts.</param>
    /// <param name="options">Canonicalisation settings; <see langword="null"/> for the defaults. They are copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerGenerator"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The inner generator has no usable fingerprint.</exception>
    public CanonicalizingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, CanonicalizationOptions? options = null)
        : base(innerGenerator)
    {
        _options = options?.Clone() ?? new CanonicalizationOptions();
        _canonicalizer = new TextCanonicalizer(_options);
        EmbedderFingerprint inner = EmbedderFingerprint.Of(innerGenerator);
        _fingerprint = inner with { ModelId = inner.ModelId + SuffixFor(_options) };
    }

    /// <summary>The generator that receives the canonical texts.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Inner => InnerGenerator;

    internal TextCanonicalizer Canonicalizer => _canonicalizer;

    /// <summary>The settings this generator canonicalises with (a private copy; do not change it).</summary>
    internal CanonicalizationOptions Options => _options;

    /// <summary>The suffix the fingerprint gains for <paramref name="options"/>: <c>+canon1</c>, then any non-default settings in brackets.</summary>
    internal static string SuffixFor(CanonicalizationOptions options)
    {
        string settings = options.Describe();
        return settings.Length == 0 ? FingerprintSuffix : $"{FingerprintSuffix}[{settings}]";
    }

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
