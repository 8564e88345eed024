namespace Mcip.RagPref.Stores;

/// <summary>What <see cref="ExampleStore.Remove"/> did.</summary>
/// <param name="RemovedRows">Rows removed (a parent id removes all its chunks).</param>
/// <param name="NotFound">Requested ids that matched neither an example nor a parent.</param>
/// <param name="Version">The store version after the change (unchanged when nothing was removed).</param>
public sealed record StoreRemoveResult(int RemovedRows, IReadOnlyList<string> NotFound, long Version);
