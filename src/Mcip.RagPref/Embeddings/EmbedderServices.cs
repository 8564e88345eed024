using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <summary>What the library's own embedding generators answer through <see cref="IEmbeddingGenerator.GetService(Type, object?)"/>.</summary>
internal static class EmbedderServices
{
    /// <summary>
    /// Returns <paramref name="fingerprint"/>, <paramref name="metadata"/>, or <paramref name="generator"/> when asked for a
    /// type it is; otherwise <see langword="null"/>. Keyed requests always return <see langword="null"/>.
    /// </summary>
    /// <param name="generator">The generator answering.</param>
    /// <param name="fingerprint">Its fingerprint.</param>
    /// <param name="metadata">Its metadata.</param>
    /// <param name="serviceType">The requested type.</param>
    /// <param name="serviceKey">The key; only unkeyed requests are answered.</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    internal static object? Get(
        object generator, EmbedderFingerprint fingerprint, EmbeddingGeneratorMetadata metadata, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbedderFingerprint) ? fingerprint
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
            : serviceType.IsInstanceOfType(generator) ? generator
            : null;
    }
}
