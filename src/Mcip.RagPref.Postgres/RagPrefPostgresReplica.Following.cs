using Mcip.RagPref.Stores;
using Npgsql;

namespace Mcip.RagPref.Postgres;

/// <content>Following the database: the listen loop, catching up, the full check.</content>
public sealed partial class RagPrefPostgresReplica
{
    /// <summary>Follows the database until <paramref name="stoppingToken"/> fires: listens, catches up on every notification and every check interval, reconnects after an outage.</summary>
    internal async Task RunAsync(CancellationToken stoppingToken)
    {
        await _opened.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            NpgsqlConnection? listener = null;
            try
            {
                listener = await Database.OpenListenerAsync(stoppingToken).ConfigureAwait(false);
                await ReconnectAsync(stoppingToken).ConfigureAwait(false);
                Log.Connected(_logger, Name, Sequence);
                while (true)
                {
                    await listener.WaitAsync(_options.CheckInterval, stoppingToken).ConfigureAwait(false);
                    await SyncAsync(stoppingToken).ConfigureAwait(false);

                    // Only the follow loop, with its listener alive, says the replica is following the database again.
                    MarkConnected();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (RagPrefPostgresDatabase.IsUnreachable(ex) || ex is NpgsqlException or RagPrefException or InvalidOperationException)
            {
                if (_connected)
                {
                    Log.Disconnected(_logger, ex, Name, _options.ReconnectDelay);
                }

                MarkDisconnected(ex);
                try
                {
                    await Task.Delay(_options.ReconnectDelay, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                if (listener is not null)
                {
                    await listener.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>After (re)connecting: reloads the pins, checks the database is the one the store came from, and catches up.</summary>
    private async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            PostgresStoreHeader? header = await Database.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            if (header is not null && header.DatabaseId != _databaseId)
            {
                // The store came from a snapshot of another database (or the database was recreated): compare every id
                // instead of trusting the change numbers.
                _databaseId = header.DatabaseId;
                _fullCheckDue = true;
                Interlocked.Exchange(ref _sequence, await Database.ReadLastSequenceAsync(cancellationToken).ConfigureAwait(false));
            }

            _pins?.Reset(await Database.ReadPinsAsync(cancellationToken).ConfigureAwait(false));
            await CatchUpLockedAsync(cancellationToken).ConfigureAwait(false);
            MarkConnected();
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>Reads and applies the changes after <see cref="Sequence"/>; runs the full check when due; saves the snapshot now and then. Call under <c>_sync</c>.</summary>
    private async Task CatchUpLockedAsync(CancellationToken cancellationToken)
    {
        ExampleStore? store = Volatile.Read(ref _store);
        PostgresChanges changes = await Database.ReadChangesAsync(Sequence, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastSyncTicks, _time.GetUtcNow().UtcTicks);
        if (!changes.IsEmpty)
        {
            if (store is not null)
            {
                Apply(store, changes);
            }

            _pins?.Apply(changes.Pins);
            _snapshotDirty = true;
        }

        Interlocked.Exchange(ref _sequence, changes.LastSequence);
        DateTimeOffset now = _time.GetUtcNow();
        if (store is not null && (_fullCheckDue || now - _lastFullCheckAt >= _options.FullCheckInterval))
        {
            await FullCheckLockedAsync(store, cancellationToken).ConfigureAwait(false);
        }

        if (store is not null && _snapshotDirty && now - _lastSnapshotAt >= SnapshotEvery)
        {
            SaveSnapshot(store);
        }
    }

    private void Apply(ExampleStore store, PostgresChanges changes)
    {
        try
        {
            // One snapshot for the whole batch: removals, replaced rows and additions (a replaced row is never missing).
            (StoreRemoveResult removed, StoreAddResult added) = store.ReplaceEmbedded(changes.Removed, changes.Rows);
            foreach (KeyValuePair<string, string?> entry in changes.Metadata)
            {
                store.SetMetadata(entry.Key, entry.Value);
            }

            Log.Applied(_logger, changes.LastSequence, added.AddedRows, removed.RemovedRows, changes.Metadata.Count, changes.Pins.Count);
        }
        catch (ObjectDisposedException)
        {
            // The guard replaced the store (a reload pulls a fresh copy); nothing to apply to this one.
        }
    }

    /// <summary>Compares every id with the database and repairs the difference; re-applies every metadata entry.</summary>
    private async Task FullCheckLockedAsync(ExampleStore store, CancellationToken cancellationToken)
    {
        HashSet<string> live = await Database.ReadLiveIdsAsync(cancellationToken).ConfigureAwait(false);
        List<KeyValuePair<string, string?>> metadata = await Database.ReadAllMetadataAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Ids are unique in a store, so crossing each off the database's set leaves in it exactly the missing ones.
            var extra = new List<string>();
            foreach (Example example in store.Examples)
            {
                if (!live.Remove(example.Id))
                {
                    extra.Add(example.Id);
                }
            }

            if (extra.Count + live.Count > 0)
            {
                IReadOnlyList<EmbeddedExample> missing = live.Count > 0 ? await Database.ReadLiveRowsAsync(live, cancellationToken).ConfigureAwait(false) : [];
                store.ReplaceEmbedded(extra, missing);
            }

            foreach (KeyValuePair<string, string?> entry in metadata)
            {
                if (!string.Equals(store.Metadata.GetValueOrDefault(entry.Key), entry.Value, StringComparison.Ordinal))
                {
                    store.SetMetadata(entry.Key, entry.Value);
                }
            }

            if (extra.Count + live.Count > 0)
            {
                Log.Repaired(_logger, Name, live.Count, extra.Count);
                _snapshotDirty = true;
            }
        }
        catch (ObjectDisposedException)
        {
            // Replaced meanwhile, as in Apply.
        }

        _fullCheckDue = false;
        _lastFullCheckAt = _time.GetUtcNow();
    }
}
