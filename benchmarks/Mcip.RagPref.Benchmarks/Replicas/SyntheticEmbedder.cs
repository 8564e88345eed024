using Mcip.RagPref.Embeddings;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Benchmarks.Replicas;

/// <summary>
/// Stands for an embedder whose vectors are synthetic: it only names the embedding space (a fingerprint of
/// <see cref="Dimensions"/> dimensions: by default 384, as many as all-MiniLM-L6-v2 gives), so a replica accepts a store
/// of synthetic vectors without loading a model. It never embeds.
/// </summary>
internal sealed class SyntheticEmbedder(int dimensions = SyntheticEmbedder.DefaultDimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int DefaultDimensions = 384;

    public int Dimensions { get; } = dimensions;

    public EmbedderFingerprint Fingerprint { get; } = new("benchmarks/synthetic-unit-vectors", dimensions, string.Empty);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The synthetic embedder only names an embedding space; its vectors come ready-made.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbedderFingerprint) ? Fingerprint : null;

    public void Dispose()
    {
    }
}
