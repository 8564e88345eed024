using System.Collections.Concurrent;
using Mcip.RagPref.Mcp;

namespace Mcip.RagPref.Postgres;

/// <summary>
/// Tool pins shared through the database: a tool this replica knows is compared in memory (no database access); a tool
/// it has not seen is pinned in the database, or compared with the pin another replica recorded there. The replica keeps
/// the memory copy current from the change feed, so a pin recorded anywhere reaches every replica.
/// </summary>
internal sealed class PostgresToolPinStore : IMcpToolPinStore
{
    private readonly RagPrefPostgresReplica _replica;
    private readonly ConcurrentDictionary<string, string> _pins = new(StringComparer.Ordinal);

    public PostgresToolPinStore(RagPrefPostgresReplica replica)
    {
        _replica = replica;
        replica.AttachPins(this);
    }

    public McpToolPinOutcome Check(string tool, string hash, bool repinOnChange, out string pinned)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        ArgumentException.ThrowIfNullOrEmpty(hash);
        if (_pins.TryGetValue(tool, out string? known))
        {
            pinned = known;
            if (string.Equals(known, hash, StringComparison.Ordinal))
            {
                return McpToolPinOutcome.Unchanged;
            }

            if (!repinOnChange)
            {
                return McpToolPinOutcome.Changed;
            }
        }

        McpToolPinOutcome outcome = _replica.Database.CheckPin(tool, hash, repinOnChange, out pinned);
        _pins[tool] = outcome == McpToolPinOutcome.Changed && !repinOnChange ? pinned : hash;
        return outcome;
    }

    public bool Remove(string tool)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        bool removed = _replica.Database.RemovePin(tool);
        _pins.TryRemove(tool, out _);
        return removed;
    }

    /// <summary>Replaces the memory copy with every pin of the database (after a (re)connection).</summary>
    internal void Reset(Dictionary<string, string> pins)
    {
        foreach (string tool in _pins.Keys)
        {
            if (!pins.ContainsKey(tool))
            {
                _pins.TryRemove(tool, out _);
            }
        }

        foreach (KeyValuePair<string, string> pin in pins)
        {
            _pins[pin.Key] = pin.Value;
        }
    }

    /// <summary>Applies pins changed in the database (a <see langword="null"/> hash removes one).</summary>
    internal void Apply(IReadOnlyList<KeyValuePair<string, string?>> changes)
    {
        foreach (KeyValuePair<string, string?> change in changes)
        {
            if (change.Value is null)
            {
                _pins.TryRemove(change.Key, out _);
            }
            else
            {
                _pins[change.Key] = change.Value;
            }
        }
    }
}
