using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Postgres;

/// <summary>The changes committed after a sequence number, in sequence order.</summary>
/// <param name="Rows">Example rows that were added or changed (not removed), with their vectors.</param>
/// <param name="Removed">Ids of example rows that were removed (or changed: their new state is in <paramref name="Rows"/>).</param>
/// <param name="Metadata">Metadata keys set (a value) or removed (<see langword="null"/>).</param>
/// <param name="Pins">Tool pins set (a hash) or removed (<see langword="null"/>).</param>
/// <param name="LastSequence">The highest sequence number read, or the one asked for when nothing changed.</param>
internal sealed record PostgresChanges(
    IReadOnlyList<EmbeddedExample> Rows,
    IReadOnlyList<string> Removed,
    IReadOnlyList<KeyValuePair<string, string?>> Metadata,
    IReadOnlyList<KeyValuePair<string, string?>> Pins,
    long LastSequence)
{
    public bool IsEmpty => Rows.Count == 0 && Removed.Count == 0 && Metadata.Count == 0 && Pins.Count == 0;
}
