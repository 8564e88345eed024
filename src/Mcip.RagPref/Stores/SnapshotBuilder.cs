using Mcip.RagPref.Index;

namespace Mcip.RagPref.Stores;

/// <summary>Builds the next snapshot of a store from the current one: copy-on-write of the example list and the vector block.</summary>
internal static unsafe class SnapshotBuilder
{
    /// <summary>
    /// Returns a snapshot holding <paramref name="current"/>'s rows followed by the units of the
    /// <paramref name="accepted"/> inputs, whose vectors are the matching rows of <paramref name="fresh"/>.
    /// When the current snapshot is empty and every unit is accepted, <paramref name="fresh"/> is
    /// adopted without copying and set to <see langword="null"/>; otherwise the caller still owns it.
    /// </summary>
    public static StoreSnapshot Append(StoreSnapshot current, List<Example> units, List<PlannedInput> accepted, ref VectorMatrix? fresh, VectorIndexOptions? indexOptions)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        int added = 0;
        foreach (PlannedInput input in accepted)
        {
            added += input.UnitCount;
        }

        int oldRows = current.Examples.Length;
        var examples = new Example[oldRows + added];
        current.Examples.CopyTo(examples, 0);
        VectorMatrix block;
        if (oldRows == 0 && added == units.Count)
        {
            units.CopyTo(examples, 0);
            block = fresh;
            fresh = null;
        }
        else
        {
            block = VectorMatrix.Allocate(examples.Length, current.Vectors.Dimensions);
            CopyRows(current.Vectors, 0, block, 0, oldRows);
            int row = oldRows;
            foreach (PlannedInput input in accepted)
            {
                units.CopyTo(input.FirstUnit, examples, row, input.UnitCount);
                CopyRows(fresh, input.FirstUnit, block, row, input.UnitCount);
                row += input.UnitCount;
            }
        }

        return Create(examples, block, current.Version + 1, indexOptions);
    }

    /// <summary>Returns a snapshot holding the rows of <paramref name="current"/> whose <paramref name="keep"/> flag is set.</summary>
    public static StoreSnapshot Filter(StoreSnapshot current, bool[] keep, int keptCount, VectorIndexOptions? indexOptions) =>
        FilterAndAppend(current, keep, keptCount, [], rows: null, indexOptions);

    /// <summary>
    /// Returns a snapshot holding the rows of <paramref name="current"/> whose <paramref name="keep"/> flag is set, followed
    /// by <paramref name="units"/> with the matching rows of <paramref name="rows"/>: one copy of the vector block for a
    /// removal and an addition together. The caller still owns <paramref name="rows"/>.
    /// </summary>
    public static StoreSnapshot FilterAndAppend(StoreSnapshot current, bool[] keep, int keptCount, List<Example> units, VectorMatrix? rows, VectorIndexOptions? indexOptions)
    {
        var examples = new Example[keptCount + units.Count];
        VectorMatrix block = VectorMatrix.Allocate(examples.Length, current.Vectors.Dimensions);
        int target = 0;
        int row = 0;
        while (row < keep.Length)
        {
            if (!keep[row])
            {
                row++;
                continue;
            }

            int runStart = row;
            while (row < keep.Length && keep[row])
            {
                row++;
            }

            int runLength = row - runStart;
            Array.Copy(current.Examples, runStart, examples, target, runLength);
            CopyRows(current.Vectors, runStart, block, target, runLength);
            target += runLength;
        }

        if (units.Count > 0)
        {
            units.CopyTo(examples, target);
            CopyRows(rows!, 0, block, target, units.Count);
        }

        return Create(examples, block, current.Version + 1, indexOptions);
    }

    private static StoreSnapshot Create(Example[] examples, VectorMatrix block, long version, VectorIndexOptions? indexOptions)
    {
        try
        {
            return new StoreSnapshot(examples, block, version, indexOptions);
        }
        catch
        {
            block.Dispose();
            throw;
        }
    }

    private static void CopyRows(VectorMatrix source, int sourceRow, VectorMatrix target, int targetRow, int rows)
    {
        if (rows == 0)
        {
            return;
        }

        long bytes = (long)rows * source.Stride * sizeof(float);
        float* from = source.BasePointer + ((long)sourceRow * source.Stride);
        float* to = target.BasePointer + ((long)targetRow * target.Stride);
        Buffer.MemoryCopy(from, to, bytes, bytes);
    }
}
