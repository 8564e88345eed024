namespace Mcip.RagPref.Stores;

/// <summary>
/// The nearest examples of each label for one query, found in one scan of one snapshot.
/// Each list is ordered by similarity, highest first (ties: lower row first).
/// </summary>
/// <param name="Attack">Up to k nearest attack examples (fewer when the store holds fewer).</param>
/// <param name="Benign">Up to k nearest benign examples (fewer when the store holds fewer).</param>
/// <param name="Version">The version of the snapshot that was searched.</param>
internal sealed record StoreSearchResult(IReadOnlyList<ExampleMatch> Attack, IReadOnlyList<ExampleMatch> Benign, long Version);
