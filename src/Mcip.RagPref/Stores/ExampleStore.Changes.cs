using Mcip.RagPref.Index;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Stores;

/// <content>Runtime changes: add and remove.</content>
public sealed partial class ExampleStore
{
    /// <summary>
    /// Adds examples: removes exact duplicates, skips inputs whose id or text is already stored, cuts
    /// long texts into chunks with the store's chunk settings, embeds the units (outside the writer
    /// lock) and then swaps in a new snapshot holding old and new rows.
    /// </summary>
    /// <param name="inputs">The examples to add.</param>
    /// <param name="generator">The embedder; it must have the store's fingerprint.</param>
    /// <param name="progress">Receives progress after every embedding batch, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the add; the store is then unchanged.</param>
    /// <returns>What was added and what was skipped.</returns>
    /// <remarks>O(n) in the store size per call (the vector block is copied once): batch your additions.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> or <paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The generator's fingerprint differs from the store's, two inputs share an id but not a text, or the generator returned bad vectors.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public async Task<StoreAddResult> AddAsync(
        IEnumerable<ExampleInput> inputs,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IProgress<StoreBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(generator);
        EnsureSameEmbedder(generator);

        AddPlan plan;
        long baselineVersion;
        StoreSnapshot baseline = Acquire();
        try
        {
            plan = AddPlan.Create(inputs, baseline, Options);
            baselineVersion = baseline.Version;
        }
        finally
        {
            baseline.Release();
        }

        if (plan.Units.Count == 0)
        {
            return new StoreAddResult(0, 0, plan.Skipped, Version);
        }

        VectorMatrix? fresh = await UnitEmbedder.EmbedAsync(plan.Units, generator, Fingerprint, Options.EmbeddingBatchSize, progress, cancellationToken, Options.EmbeddingParallelism)
            .ConfigureAwait(false);
        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            fresh.Dispose();
            throw;
        }

        try
        {
            ThrowIfDisposed();
            StoreSnapshot current = _current;
            List<PlannedInput> accepted = plan.Inputs;
            if (current.Version != baselineVersion)
            {
                accepted = DropConcurrentlyAdded(plan, current);
            }

            StoreSnapshot next = SnapshotBuilder.Append(current, plan.Units, accepted, ref fresh, Options.Index);
            Publish(next);
            int rows = 0;
            foreach (PlannedInput input in accepted)
            {
                rows += input.UnitCount;
            }

            return new StoreAddResult(accepted.Count, rows, plan.Skipped, next.Version);
        }
        finally
        {
            fresh?.Dispose();
            _writer.Release();
        }
    }

    /// <summary>
    /// Removes examples by id. An id that names a chunked parent removes all of its chunks.
    /// </summary>
    /// <param name="ids">The ids to remove.</param>
    /// <returns>How many rows were removed and which ids matched nothing.</returns>
    /// <remarks>O(n) in the store size per call (the vector block is copied once): batch your removals.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="ids"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public StoreRemoveResult Remove(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var requested = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in ids)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(ids));
            requested.Add(id);
        }

        _writer.Wait();
        try
        {
            ThrowIfDisposed();
            StoreSnapshot current = _current;
            var notFound = new List<string>();
            foreach (string id in requested)
            {
                if (!current.ContainsIdOrParent(id))
                {
                    notFound.Add(id);
                }
            }

            if (notFound.Count == requested.Count)
            {
                return new StoreRemoveResult(0, notFound, current.Version);
            }

            var keep = new bool[current.Examples.Length];
            int removed = 0;
            for (int row = 0; row < keep.Length; row++)
            {
                Example example = current.Examples[row];
                bool drop = requested.Contains(example.Id) || (example.ParentId is not null && requested.Contains(example.ParentId));
                keep[row] = !drop;
                removed += drop ? 1 : 0;
            }

            StoreSnapshot next = SnapshotBuilder.Filter(current, keep, current.Examples.Length - removed, Options.Index);
            Publish(next);
            return new StoreRemoveResult(removed, notFound, next.Version);
        }
        finally
        {
            _writer.Release();
        }
    }

    private static List<PlannedInput> DropConcurrentlyAdded(AddPlan plan, StoreSnapshot current)
    {
        var accepted = new List<PlannedInput>(plan.Inputs.Count);
        foreach (PlannedInput input in plan.Inputs)
        {
            bool clash = current.ContainsIdOrParent(input.Id);
            for (int unit = input.FirstUnit; !clash && unit < input.FirstUnit + input.UnitCount; unit++)
            {
                clash = current.ContainsIdOrParent(plan.Units[unit].Id);
            }

            if (clash)
            {
                plan.Skipped.Add(new SkippedInput(input.Id, input.Origin, "an example with this id was added to the store by a concurrent change"));
            }
            else
            {
                accepted.Add(input);
            }
        }

        return accepted;
    }
}
