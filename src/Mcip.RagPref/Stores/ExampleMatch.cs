namespace Mcip.RagPref.Stores;

/// <summary>One retrieved example and its cosine similarity to the query.</summary>
/// <param name="Example">The stored example (or chunk).</param>
/// <param name="Similarity">The cosine similarity, in [-1, 1].</param>
/// <param name="Row">The example's row in the snapshot that was searched (see <see cref="StoreSearchResult.Version"/>).</param>
internal readonly record struct ExampleMatch(Example Example, float Similarity, int Row);
