namespace Mcip.RagPref.Index;

/// <summary>One neighbour found by a search: a row of the matrix and its similarity to the query.</summary>
/// <param name="Row">The row index in the searched <see cref="VectorMatrix"/>.</param>
/// <param name="Similarity">The exact float32 dot product of the query and the row (the cosine similarity for unit vectors).</param>
/// <remarks>Results are ordered by <see cref="Similarity"/> descending, then <see cref="Row"/> ascending (ties: lower row first).</remarks>
internal readonly record struct SearchHit(int Row, float Similarity);
