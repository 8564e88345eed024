using System.Collections.Frozen;
using System.Collections.ObjectModel;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Stores;

/// <summary>
/// One immutable version of a store's contents: the examples, one label byte per row and the vector
/// rows, in the same order. A store swaps whole snapshots, so a reader that holds one never sees a
/// half-applied change.
/// </summary>
/// <remarks>
/// Lifetime is reference-counted: the store holds one reference while the snapshot is current and
/// every reader holds one while it works (<see cref="TryAcquire"/> / <see cref="Release"/>). The vector
/// memory is released when the last reference goes, so replacing a snapshot never frees memory
/// under a reader and readers never wait for writers.
/// </remarks>
internal sealed class StoreSnapshot
{
    private readonly Dictionary<string, int> _rowById;
    private readonly FrozenSet<string> _parentIds;
    private int _references = 1;

    /// <summary>
    /// Creates a snapshot that owns <paramref name="vectors"/> and indexes them; the caller's reference is the store's.
    /// On failure the caller still owns <paramref name="vectors"/>.
    /// </summary>
    /// <exception cref="RagPrefException">Two examples share an id, or a row is not a finite unit vector (when the index validates rows).</exception>
    public StoreSnapshot(Example[] examples, VectorMatrix vectors, long version, VectorIndexOptions? indexOptions)
    {
        if (examples.Length != vectors.Rows)
        {
            throw new InvalidOperationException($"{examples.Length} examples but {vectors.Rows} vector rows.");
        }

        Examples = examples;
        ReadOnlyExamples = Array.AsReadOnly(examples);
        Vectors = vectors;
        Version = version;
        Labels = new byte[examples.Length];
        _rowById = new Dictionary<string, int>(examples.Length, StringComparer.Ordinal);
        var parents = new HashSet<string>(StringComparer.Ordinal);
        for (int row = 0; row < examples.Length; row++)
        {
            Example example = examples[row];
            Labels[row] = (byte)example.Label;
            if (example.Label == ExampleLabel.Attack)
            {
                AttackCount++;
            }

            if (!_rowById.TryAdd(example.Id, row))
            {
                throw new RagPrefException($"Two stored examples have the id '{example.Id}' (rows {_rowById[example.Id]} and {row}); ids must be unique within a store. Remove one of them, or give the inputs distinct ids.");
            }

            if (example.ParentId is not null)
            {
                parents.Add(example.ParentId);
            }
        }

        _parentIds = parents.ToFrozenSet(StringComparer.Ordinal);
        try
        {
            Index = VectorIndex.Create(vectors, Labels, labelCount: 2, indexOptions);
        }
        catch (ArgumentException ex)
        {
            throw new RagPrefException($"The store's vectors cannot be indexed: {ex.Message}", ex);
        }
    }

    /// <summary>The examples, row by row.</summary>
    public Example[] Examples { get; }

    /// <summary>The examples as a read-only list (what the public API hands out, so callers cannot change the array).</summary>
    public ReadOnlyCollection<Example> ReadOnlyExamples { get; }

    /// <summary>One label byte per row (0 benign, 1 attack), as the index expects.</summary>
    public byte[] Labels { get; }

    /// <summary>The unit vectors, row by row.</summary>
    public VectorMatrix Vectors { get; }

    /// <summary>The exact nearest-neighbour index over <see cref="Vectors"/> (label 0 benign, 1 attack).</summary>
    public VectorIndex Index { get; }

    /// <summary>Increases by one with every change applied to the store.</summary>
    public long Version { get; }

    /// <summary>The number of attack rows.</summary>
    public int AttackCount { get; }

    /// <summary>The number of benign rows.</summary>
    public int BenignCount => Examples.Length - AttackCount;

    /// <summary>Whether an example with this id, or chunks of a parent with this id, are stored.</summary>
    public bool ContainsIdOrParent(string id) => _rowById.ContainsKey(id) || _parentIds.Contains(id);

    /// <summary>Whether a parent with this id has chunks in the store.</summary>
    public bool ContainsParent(string id) => _parentIds.Contains(id);

    /// <summary>The row of the example with this id, or -1.</summary>
    public int RowOf(string id) => _rowById.TryGetValue(id, out int row) ? row : -1;

    /// <summary>Takes a reader reference; fails only when the snapshot has already been retired and freed.</summary>
    public bool TryAcquire()
    {
        int current = Volatile.Read(ref _references);
        while (current > 0)
        {
            int seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Drops one reference; the last one frees the vector memory.</summary>
    public void Release()
    {
        int remaining = Interlocked.Decrement(ref _references);
        if (remaining == 0)
        {
            Vectors.Dispose();
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException("A store snapshot was released more often than it was acquired.");
        }
    }
}
