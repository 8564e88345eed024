using System.Globalization;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Hosting;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mcip.RagPref.Postgres;

/// <summary>
/// This process's replica of the store shared through PostgreSQL. It gives the hosted guard its store (it is the
/// registered <see cref="IRagPrefStoreSource"/>), keeps that store current from the database's change notifications
/// (with a check every <see cref="RagPrefPostgresOptions.CheckInterval"/> that repairs a missed one), and adds or removes
/// examples for every replica. Requests never wait for the database: they search the in-process store.
/// </summary>
/// <remarks>
/// Registered as a singleton by <c>UsePostgres</c>; resolve it to change the shared store from your own endpoints.
/// Thread-safe. While the database is unreachable the replica keeps serving what it has, <see cref="IsConnected"/> is
/// <see langword="false"/> (the health check reports Degraded), writes fail with a <see cref="RagPrefException"/>, and it
/// catches up when the database returns.
/// </remarks>
public sealed partial class RagPrefPostgresReplica : IRagPrefStoreSource, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan SnapshotEvery = TimeSpan.FromSeconds(30);

    private readonly RagPrefPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PostgresToolPinStore? _pins;
    private ExampleStore? _store;
    private IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private Guid _databaseId;
    private long _sequence;
    private volatile bool _connected;
    private volatile string? _lastError;
    private long _lastSyncTicks;
    private bool _snapshotDirty;
    private DateTimeOffset _lastSnapshotAt;
    private DateTimeOffset _lastFullCheckAt;
    private bool _fullCheckDue;

    /// <summary>Creates the replica (it connects when the guard first asks for its store).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="logger">The log, or <see langword="null"/>.</param>
    /// <param name="time">The clock, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="RagPrefException">A setting is invalid.</exception>
    public RagPrefPostgresReplica(IOptions<RagPrefPostgresOptions> options, ILogger<RagPrefPostgresReplica>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        Database = RagPrefPostgresDatabase.Create(_options.ConnectionString!, _options.Schema);
    }

    /// <summary>Gets the shared database.</summary>
    public RagPrefPostgresDatabase Database { get; }

    /// <inheritdoc />
    public string Name => Database.Name;

    /// <summary>Gets a value indicating whether the replica is following the database now (false during an outage).</summary>
    public bool IsConnected => _connected;

    /// <summary>Gets the database change number the replica's store reflects.</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>Gets when the replica last heard from the database, or <see langword="null"/> before it ever did.</summary>
    public DateTimeOffset? LastSyncAt => Interlocked.Read(ref _lastSyncTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Gets the last failure to reach or apply the database, or <see langword="null"/> while connected.</summary>
    public string? LastError => _lastError;

    /// <inheritdoc />
    public async Task<ExampleStore> OpenAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        EmbedderFingerprint fingerprint = EmbedderFingerprint.Of(embedder);
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ExampleStore store;
            try
            {
                store = await PullOrSeedAsync(embedder, fingerprint, cancellationToken).ConfigureAwait(false);
                MarkConnected();
            }
            catch (RagPrefException ex) when (RagPrefPostgresDatabase.IsUnreachable(ex) && _options.SnapshotPath is { } snapshot && File.Exists(snapshot))
            {
                // Mapped, not read: a large snapshot starts serving at once and its pages load as searches touch them.
                store = ExampleStore.Load(snapshot, fingerprint, new ExampleStoreOptions { LoadMode = StoreLoadMode.MapPrivateCopy });
                _databaseId = Guid.TryParse(store.Metadata.GetValueOrDefault(RagPrefPostgresDatabase.DatabaseKey), out Guid id) ? id : Guid.Empty;
                Interlocked.Exchange(ref _sequence, long.TryParse(store.Metadata.GetValueOrDefault(RagPrefPostgresDatabase.SequenceKey), NumberStyles.None, CultureInfo.InvariantCulture, out long seq) ? seq : 0);
                MarkDisconnected(ex);
                Log.ServingSnapshot(_logger, ex, Name, snapshot, Sequence);
            }

            _embedder = embedder;
            Volatile.Write(ref _store, store);
            _opened.TrySetResult();
            return store;
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>
    /// Adds examples for every replica: embeds them with the guard's embedder, commits them to the database, then applies
    /// them here before returning (other replicas apply them when notified, typically within milliseconds).
    /// </summary>
    /// <param name="examples">The examples.</param>
    /// <param name="cancellationToken">Cancels the add; nothing is written then.</param>
    /// <returns>What was added and skipped; <see cref="StoreAddResult.Version"/> is the database's change number after the write.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The guard has not loaded its store yet, an example is invalid, or the database cannot be reached (nothing was written).</exception>
    public async Task<StoreAddResult> AddExamplesAsync(IEnumerable<ExampleInput> examples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        IEmbeddingGenerator<string, Embedding<float>> embedder = _embedder
            ?? throw new RagPrefException("The replica has no store yet, so it has no embedder to add examples with. Wait until the guard has loaded (the host's warm-up does it), then try again.");
        StoreAddResult result = await Database.AddExamplesAsync(examples, embedder, cancellationToken).ConfigureAwait(false);
        await TrySyncAfterWriteAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Removes examples for every replica (an id of a chunked example removes all its chunks), then applies the removal here.</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>How many rows were removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ids"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The database cannot be reached (nothing was removed).</exception>
    public async Task<int> RemoveExamplesAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        int removed = await Database.RemoveExamplesAsync(ids, cancellationToken).ConfigureAwait(false);
        await TrySyncAfterWriteAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Applies every change committed to the database so far, without waiting for a notification.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the store reflects the database as of the call.</returns>
    /// <exception cref="RagPrefException">The database cannot be reached.</exception>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync().ConfigureAwait(false);
        _sync.Dispose();
    }

    /// <summary>Closes the database connections (for hosts that dispose their services synchronously).</summary>
    public void Dispose()
    {
        Database.Dispose();
        _sync.Dispose();
    }

    /// <summary>Applies a committed write here at once; if the database went away in between, the follow loop applies it later (the write stands).</summary>
    private async Task TrySyncAfterWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RagPrefException ex)
        {
            MarkDisconnected(ex);
        }
    }

    internal void AttachPins(PostgresToolPinStore pins) => _pins = pins;

    private async Task<ExampleStore> PullOrSeedAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, EmbedderFingerprint fingerprint, CancellationToken cancellationToken)
    {
        PostgresStoreHeader? header = await Database.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (header is null && _options.SeedEmptyDatabase)
        {
            using ExampleStore seed = await RagPrefGuard.LoadOrBuildDefaultStoreAsync(embedder, null, cancellationToken).ConfigureAwait(false);
            await Database.PushAsync(seed, cancellationToken).ConfigureAwait(false);
            Log.Seeded(_logger, Name, seed.Count);
        }

        (ExampleStore store, PostgresStoreHeader pulled, long sequence) = await Database.PullCoreAsync(null, cancellationToken).ConfigureAwait(false);
        if (pulled.Fingerprint != fingerprint)
        {
            store.Dispose();
            throw new RagPrefException(
                $"PostgreSQL at {Name} holds vectors of the embedder {pulled.Fingerprint}, but this replica embeds with {fingerprint}. "
                + "Use the same embedder on every replica, or give this one its own schema (RagPrefPostgresOptions.Schema).");
        }

        _databaseId = pulled.DatabaseId;
        Interlocked.Exchange(ref _sequence, sequence);
        _pins?.Reset(await Database.ReadPinsAsync(cancellationToken).ConfigureAwait(false));
        Log.Pulled(_logger, Name, store.Count, sequence);
        _lastFullCheckAt = _time.GetUtcNow();
        SaveSnapshot(store);
        return store;
    }

    private void MarkConnected()
    {
        _connected = true;
        _lastError = null;
        Interlocked.Exchange(ref _lastSyncTicks, _time.GetUtcNow().UtcTicks);
    }

    private void MarkDisconnected(Exception ex)
    {
        _connected = false;
        _lastError = ex.Message;
    }

    private void SaveSnapshot(ExampleStore store)
    {
        if (_options.SnapshotPath is not { } path)
        {
            return;
        }

        try
        {
            store.SetMetadata(RagPrefPostgresDatabase.SequenceKey, Sequence.ToString(CultureInfo.InvariantCulture));
            store.SetMetadata(RagPrefPostgresDatabase.DatabaseKey, _databaseId.ToString());
            store.Save(path);
            _snapshotDirty = false;
            _lastSnapshotAt = _time.GetUtcNow();
        }
        catch (Exception ex) when (ex is RagPrefException or IOException or UnauthorizedAccessException)
        {
            Log.SnapshotFailed(_logger, ex, path);
        }
        catch (ObjectDisposedException)
        {
            // The guard replaced the store meanwhile; the new one is saved after its own pull.
        }
    }
}
