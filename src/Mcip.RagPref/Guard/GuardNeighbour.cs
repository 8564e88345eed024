namespace Mcip.RagPref.Guard;

/// <summary>One stored example near a request: the evidence behind a verdict.</summary>
/// <param name="Id">The example's id in the store.</param>
/// <param name="Text">The example's text (for chunks, the chunk).</param>
/// <param name="Category">The example's category, or <see langword="null"/>.</param>
/// <param name="Similarity">Cosine similarity between the request and the example, in [-1, 1].</param>
public sealed record GuardNeighbour(string Id, string Text, string? Category, float Similarity);
