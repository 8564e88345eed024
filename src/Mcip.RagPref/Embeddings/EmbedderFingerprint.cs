using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// Identifies the embedding space an embedder produces: vectors from embedders with different
/// fingerprints are not comparable, so a store built with one fingerprint refuses queries from another.
/// </summary>
/// <param name="ModelId">A stable model identifier, for example <c>all-MiniLM-L6-v2+mean256w32</c>.</param>
/// <param name="Dimensions">The length of every vector.</param>
/// <param name="WeightsSha256">Lower-case hex sha256 of the model weights, or an empty string when unknown (remote providers).</param>
public sealed record EmbedderFingerprint(string ModelId, int Dimensions, string WeightsSha256)
{
    /// <summary>
    /// Gets the fingerprint of any generator: the one it exposes through
    /// <see cref="IEmbeddingGenerator.GetService(Type, object?)"/> when it is one of ours, otherwise one derived
    /// from its <see cref="EmbeddingGeneratorMetadata"/> (provider and model id, no weights hash).
    /// </summary>
    /// <param name="generator">The embedder.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The generator exposes neither a fingerprint nor its model id and dimensions.</exception>
    public static EmbedderFingerprint Of(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (generator.GetService(typeof(EmbedderFingerprint)) is EmbedderFingerprint own)
        {
            return own;
        }

        if (generator.GetService(typeof(EmbeddingGeneratorMetadata)) is EmbeddingGeneratorMetadata metadata
            && !string.IsNullOrEmpty(metadata.DefaultModelId)
            && metadata.DefaultModelDimensions is int dims and > 0)
        {
            string id = string.IsNullOrEmpty(metadata.ProviderName)
                ? metadata.DefaultModelId
                : $"{metadata.ProviderName}/{metadata.DefaultModelId}";
            return new EmbedderFingerprint(id, dims, string.Empty);
        }

        throw new RagPrefException(
            $"Cannot tell which embedding space the generator '{generator.GetType().FullName}' produces: it exposes no "
            + "EmbedderFingerprint service and its EmbeddingGeneratorMetadata lacks DefaultModelId or DefaultModelDimensions. "
            + "Set both in its metadata, or wrap it in a DelegatingEmbeddingGenerator that answers GetService(typeof(EmbedderFingerprint)).");
    }

    /// <inheritdoc />
    public override string ToString() =>
        WeightsSha256.Length == 0
            ? $"{ModelId} ({Dimensions}-d)"
            : $"{ModelId} ({Dimensions}-d, sha256 {WeightsSha256[..Math.Min(12, WeightsSha256.Length)]})";
}
