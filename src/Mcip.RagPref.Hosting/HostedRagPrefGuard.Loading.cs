using System.Diagnostics;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Hosting;

/// <content>Loading, reloading and watching the store; the warm-up.</content>
internal sealed partial class HostedRagPrefGuard
{
    /// <inheritdoc />
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoadLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>Loads the store unless one is loaded already.</summary>
    /// <exception cref="RagPrefException">It could not be loaded (the status reports why).</exception>
    internal async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is not null)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _current) is null)
            {
                await LoadLockedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>
    /// Loads the store, then screens one short prompt on the new guard directly (not through the failure policy), so
    /// that the embedder, the store and the calibration are all ready before the first request.
    /// </summary>
    /// <exception cref="RagPrefException">Loading or the trial call failed.</exception>
    internal async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        LoadedGuard lease = AcquireLoaded() ?? throw new ObjectDisposedException(nameof(HostedRagPrefGuard));
        try
        {
            await lease.Guard.GuardAsync(GuardRequest.UserPrompt("list the files in my documents folder"), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lease.Release();
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        Log.WarmUpCompleted(_logger, elapsed);
    }

    /// <summary>Stops watching the store file (the host is stopping).</summary>
    internal void StopWatching() => Interlocked.Exchange(ref _watcher, null)?.Dispose();

    private async Task LoadLockedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        LoadedGuard? previous = Volatile.Read(ref _current);
        string? path = _source?.Name ?? (_options.StorePath is null ? Status.StorePath : Path.GetFullPath(_options.StorePath));
        LoadedGuard next;
        try
        {
            next = await LoadCoreAsync(previous?.Generation + 1 ?? 1, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            RagPrefException error = ex as RagPrefException
                ?? new RagPrefException($"Loading the RAG-Pref store '{path ?? "(default store)"}' failed: {ex.Message}", ex);
            Volatile.Write(ref _status, Status with { StorePath = path, LastError = error.Message, LastErrorAt = _time.GetUtcNow() });
            if (previous is null)
            {
                Log.StoreLoadFailed(_logger, path, error);
            }
            else
            {
                Log.StoreReloadFailed(_logger, path, previous.Generation, error);
            }

            throw error;
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            next.Release();
            throw new ObjectDisposedException(nameof(HostedRagPrefGuard));
        }

        Volatile.Write(ref _status, new RagPrefGuardStatus
        {
            IsLoaded = true,
            StorePath = next.StorePath,
            Generation = next.Generation,
            StoreVersion = next.Store.Version,
            LoadedAt = next.LoadedAt,
            Fingerprint = next.Store.Fingerprint,
            AttackExamples = next.Store.AttackCount,
            BenignExamples = next.Store.BenignCount,
        });
        Interlocked.Exchange(ref _current, next)?.Release();
        if (Volatile.Read(ref _disposed) != 0)
        {
            // Disposed while swapping: Dispose may have released the previous guard before this one arrived.
            Interlocked.Exchange(ref _current, null)?.Release();
            throw new ObjectDisposedException(nameof(HostedRagPrefGuard));
        }

        Log.StoreLoaded(_logger, next.StorePath, next.Generation, next.Store.AttackCount, next.Store.BenignCount, next.Store.Fingerprint);
        StartWatching(next.StorePath);
    }

    private async Task<LoadedGuard> LoadCoreAsync(long generation, CancellationToken cancellationToken)
    {
        CanonicalizingEmbeddingGenerator embedder = _embedders.Get(_options);
        ExampleStore store;
        string path;
        if (_source is not null)
        {
            path = _source.Name;
            store = await _source.OpenAsync(embedder, cancellationToken).ConfigureAwait(false);
        }
        else if (_options.StorePath is null)
        {
            path = RagPrefGuard.DefaultStorePath(EmbedderFingerprint.Of(embedder));
            IProgress<StoreBuildProgress>? progress = null;
            if (!File.Exists(path))
            {
                Log.DefaultStoreBuilding(_logger, path);
                progress = new LoggedBuildProgress(_logger, path);
            }

            store = await RagPrefGuard.LoadOrBuildDefaultStoreAsync(embedder, progress, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            path = Path.GetFullPath(_options.StorePath);

            // The file may be rewritten in place (cp, an editor): the load reads it into private memory, never maps it.
            store = ExampleStore.Load(path);
        }

        try
        {
            // Create checks the store's fingerprint against the embedder and calibrates (the slow part of a load).
            RagPrefGuard guard = RagPrefGuard.Create(embedder, store, _options.Guard);
            return new LoadedGuard(guard, store, path, generation, _time.GetUtcNow());
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private void StartWatching(string path)
    {
        if (!_options.WatchStore || _options.StorePath is null || _source is not null || Volatile.Read(ref _watcher) is not null)
        {
            return;
        }

        var watcher = new StoreFileWatcher(path, _options.ReloadDelay, OnStoreChangedAsync, _logger);
        if (Interlocked.CompareExchange(ref _watcher, watcher, null) is not null || Volatile.Read(ref _disposed) != 0)
        {
            watcher.Dispose();
        }
    }

    private async Task OnStoreChangedAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RagPrefException or ObjectDisposedException)
        {
            // Logged and recorded in the status by LoadLockedAsync; the previous store keeps serving.
        }
    }
}
