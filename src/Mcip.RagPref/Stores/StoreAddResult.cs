namespace Mcip.RagPref.Stores;

/// <summary>What <see cref="ExampleStore.AddAsync"/> did.</summary>
/// <param name="AddedExamples">Inputs added to the store.</param>
/// <param name="AddedRows">Rows added (an input cut into chunks adds one row per chunk).</param>
/// <param name="Skipped">Inputs left out: exact duplicates within the batch, or ids and texts already in the store.</param>
/// <param name="Version">The store version after the change.</param>
public sealed record StoreAddResult(int AddedExamples, int AddedRows, IReadOnlyList<SkippedInput> Skipped, long Version);
