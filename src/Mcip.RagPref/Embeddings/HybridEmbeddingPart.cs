using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <summary>One embedder inside a <see cref="HybridEmbeddingGenerator"/> and its weight.</summary>
/// <param name="Generator">The embedder; it must expose a fingerprint (see <see cref="EmbedderFingerprint.Of"/>).</param>
/// <param name="Weight">
/// Its weight: finite and positive. Only the shares <c>Weight / sum of weights</c> matter, so (1, 1) and (2, 2) give
/// the same space.
/// </param>
internal sealed record HybridEmbeddingPart(IEmbeddingGenerator<string, Embedding<float>> Generator, double Weight = 1.0);
