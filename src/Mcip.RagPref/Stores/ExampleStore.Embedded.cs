using System.Numerics.Tensors;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Stores;

/// <content>Rows with their vectors: export and import without embedding again (replication, copies).</content>
public sealed partial class ExampleStore
{
    /// <summary>
    /// Returns every row of the current snapshot with a copy of its unit vector, in row order: one consistent view, even
    /// while changes are applied.
    /// </summary>
    /// <returns>The rows; the vectors are copies the caller owns.</returns>
    /// <remarks>Allocates the whole vector block once (rows × dimensions floats).</remarks>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public IReadOnlyList<EmbeddedExample> ExportEmbedded()
    {
        StoreSnapshot snapshot = Acquire();
        try
        {
            int dimensions = Fingerprint.Dimensions;
            var block = new float[(long)snapshot.Examples.Length * dimensions];
            var rows = new EmbeddedExample[snapshot.Examples.Length];
            for (int row = 0; row < rows.Length; row++)
            {
                Memory<float> vector = block.AsMemory(row * dimensions, dimensions);
                snapshot.Vectors.GetRow(row).CopyTo(vector.Span);
                rows[row] = new EmbeddedExample(snapshot.Examples[row], vector);
            }

            return rows;
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <summary>
    /// Adds rows whose vectors were made before (by <see cref="ExportEmbedded"/> on a store with the same embedder, or
    /// read back from a copy of one). Rows whose id is already stored, and later rows with an id seen earlier in
    /// <paramref name="rows"/>, are skipped, so applying the same change twice changes nothing. Vectors are checked and
    /// L2-normalised; no text is embedded.
    /// </summary>
    /// <param name="rows">The rows, chunks after their siblings as exported.</param>
    /// <returns>What was added and what was skipped.</returns>
    /// <remarks>
    /// The caller vouches that the vectors come from an embedder with this store's <see cref="Fingerprint"/>. O(n) in the
    /// store size per call, like <see cref="AddAsync"/>: batch your additions.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or a row's example is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">A vector has the wrong length, or is zero or not finite, or a chunk row's length disagrees with its text; the store is then unchanged.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public StoreAddResult AddEmbedded(IEnumerable<EmbeddedExample> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Apply([], replaceStored: false, rows).Added;
    }

    /// <summary>
    /// Applies a batch of replicated changes as one new snapshot: removes the rows of <paramref name="removeIds"/> (an id that
    /// names a chunked parent removes all of its chunks) and every stored row whose id equals the id of one of
    /// <paramref name="rows"/>, then adds <paramref name="rows"/> as <see cref="AddEmbedded"/> does. The vector block is copied
    /// once and readers never see the batch half applied (a replaced row is never missing).
    /// </summary>
    /// <param name="removeIds">The ids to remove; ids that match nothing are reported in <c>Removed.NotFound</c>.</param>
    /// <param name="rows">The rows to add or replace, chunks after their siblings as exported.</param>
    /// <returns>What was removed (the replaced rows included) and what was added and skipped.</returns>
    /// <remarks>The caller vouches for the vectors as for <see cref="AddEmbedded"/>. O(n) in the store size per call.</remarks>
    /// <exception cref="ArgumentNullException">An argument, an id or a row's example is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">As for <see cref="AddEmbedded"/>; the store is then unchanged.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public (StoreRemoveResult Removed, StoreAddResult Added) ReplaceEmbedded(IEnumerable<string> removeIds, IEnumerable<EmbeddedExample> rows)
    {
        ArgumentNullException.ThrowIfNull(removeIds);
        ArgumentNullException.ThrowIfNull(rows);
        var requested = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in removeIds)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(removeIds));
            requested.Add(id);
        }

        return Apply(requested, replaceStored: true, rows);
    }

    private (StoreRemoveResult Removed, StoreAddResult Added) Apply(HashSet<string> requested, bool replaceStored, IEnumerable<EmbeddedExample> rows)
    {
        List<EmbeddedExample> given = [.. rows];
        int dimensions = Fingerprint.Dimensions;
        var norms = new float[given.Count];
        for (int i = 0; i < norms.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(given[i].Example, nameof(rows));
            norms[i] = CheckVector(given[i], dimensions);
        }

        _writer.Wait();
        try
        {
            ThrowIfDisposed();
            StoreSnapshot current = _current;
            if (replaceStored)
            {
                foreach (EmbeddedExample row in given)
                {
                    if (current.RowOf(row.Example.Id) >= 0)
                    {
                        requested.Add(row.Example.Id);
                    }
                }
            }

            var notFound = new List<string>();
            foreach (string id in requested)
            {
                if (!current.ContainsIdOrParent(id))
                {
                    notFound.Add(id);
                }
            }

            bool[]? keep = null;
            int removed = 0;
            if (notFound.Count < requested.Count)
            {
                keep = new bool[current.Examples.Length];
                for (int row = 0; row < keep.Length; row++)
                {
                    Example example = current.Examples[row];
                    bool drop = requested.Contains(example.Id) || (example.ParentId is not null && requested.Contains(example.ParentId));
                    keep[row] = !drop;
                    removed += drop ? 1 : 0;
                }
            }

            var units = new List<Example>(given.Count);
            var vectors = new List<(ReadOnlyMemory<float> Vector, float Norm)>(given.Count);
            var accepted = new List<PlannedInput>(given.Count);
            var skipped = new List<SkippedInput>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < given.Count; i++)
            {
                Example example = given[i].Example;
                int storedRow = current.RowOf(example.Id);
                bool stored = (storedRow >= 0 && (keep is null || keep[storedRow]))
                    || (example.ParentId is null && current.ContainsParent(example.Id) && !requested.Contains(example.Id));
                if (stored || !seen.Add(example.Id))
                {
                    skipped.Add(new SkippedInput(example.Id, null, stored ? "a row with this id is already stored" : "the id appears twice in the rows given"));
                    continue;
                }

                accepted.Add(new PlannedInput(example.Id, null, units.Count, 1));
                units.Add(example);
                vectors.Add((given[i].Vector, norms[i]));
            }

            if (units.Count == 0 && keep is null)
            {
                return (new StoreRemoveResult(0, notFound, current.Version), new StoreAddResult(0, 0, skipped, current.Version));
            }

            VectorMatrix? fresh = VectorMatrix.Allocate(units.Count, dimensions);
            try
            {
                for (int row = 0; row < vectors.Count; row++)
                {
                    TensorPrimitives.Divide(vectors[row].Vector.Span, vectors[row].Norm, fresh.GetRow(row));
                }

                StoreSnapshot snapshot = keep is null
                    ? SnapshotBuilder.Append(current, units, accepted, ref fresh, Options.Index)
                    : SnapshotBuilder.FilterAndAppend(current, keep, current.Examples.Length - removed, units, fresh, Options.Index);
                Publish(snapshot);
                return (new StoreRemoveResult(removed, notFound, snapshot.Version), new StoreAddResult(units.Count, units.Count, skipped, snapshot.Version));
            }
            finally
            {
                fresh?.Dispose();
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Checks a row's chunk fields and vector; returns the vector's norm (finite, positive).</summary>
    private static float CheckVector(EmbeddedExample row, int dimensions)
    {
        Example example = row.Example;
        if (example.ParentId is { } parent && (parent.Length == 0 || example.ChunkLength != example.Text.Length || example.ChunkStart < 0))
        {
            // The store file holds chunks to this rule, so a row that breaks it would make a store that saves but never loads.
            throw new RagPrefException(
                $"The chunk row '{example.Id}' has ChunkLength {example.ChunkLength} and ChunkStart {example.ChunkStart} for {example.Text.Length} characters of text (parent '{parent}'). "
                + "A chunk's length must be its text's length and its parent id must not be empty; fix the row where it was copied from.");
        }

        ReadOnlySpan<float> vector = row.Vector.Span;
        if (vector.Length != dimensions)
        {
            throw new RagPrefException(
                $"The row '{row.Example.Id}' has a {vector.Length}-d vector, but the store's embedder makes {dimensions}-d vectors. "
                + "Add rows exported from a store with the same embedder.");
        }

        float norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || norm <= 0f)
        {
            throw new RagPrefException(
                $"The row '{row.Example.Id}' has a zero or non-finite vector (norm {norm}); a store needs vectors it can normalise. "
                + "Check where the rows were copied from.");
        }

        return norm;
    }
}
