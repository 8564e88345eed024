using System.Runtime.CompilerServices;
using System.Data;
using System.Net.Sockets;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;
using Npgsql;

namespace Mcip.RagPref.Postgres;

/// <summary>
/// The PostgreSQL database that replicas share: examples with their vectors and the embedder's fingerprint, metadata
/// (calibrated thresholds among it) and MCP tool pins, in one schema. Use it to move a store between a file and the
/// database (<see cref="PushAsync"/>, <see cref="PullAsync"/>) and to change the shared store
/// (<see cref="AddExamplesAsync"/>, <see cref="RemoveExamplesAsync"/>, <see cref="SetMetadataAsync"/>); every replica
/// attached with <c>UsePostgres</c> applies each committed change within moments.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Each call takes a pooled connection; writes are transactions, so a write either reaches the database
/// whole and is then never lost, or fails with a <see cref="RagPrefException"/> and changes nothing.</para>
/// <para>The schema and its tables are created on first use and migrated forward when this library is newer.</para>
/// </remarks>
public sealed partial class RagPrefPostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _migration = new(1, 1);
    private volatile bool _migrated;

    private RagPrefPostgresDatabase(string connectionString, string schema)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new RagPrefException($"The PostgreSQL connection string is not valid: {ex.Message}. Use the Npgsql form, for example Host=db;Username=ragpref;Password=...;Database=agents.", ex);
        }

        _connectionString = connectionString;
        Schema = schema;
        Name = $"postgres://{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "postgres"} (schema {schema})";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Gets the database's name for logs and status (host, port, database and schema; never the password).</summary>
    public string Name { get; }

    /// <summary>Gets the schema that holds the tables.</summary>
    public string Schema { get; }

    /// <summary>Connects to the database, creating or migrating the schema when needed.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="schema">The schema; see <see cref="RagPrefPostgresOptions.Schema"/>.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The database; dispose it when done.</returns>
    /// <exception cref="RagPrefException">The connection string or schema name is invalid, or the database cannot be reached or migrated.</exception>
    public static async Task<RagPrefPostgresDatabase> OpenAsync(string connectionString, string schema = RagPrefPostgresOptions.DefaultSchema, CancellationToken cancellationToken = default)
    {
        RagPrefPostgresDatabase database = Create(connectionString, schema);
        try
        {
            await database.RunAsync("connecting", static (_, _) => Task.FromResult(0), cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the fingerprint of the embedder whose vectors the database holds.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The fingerprint, or <see langword="null"/> while the database holds no store yet.</returns>
    /// <exception cref="RagPrefException">The database cannot be reached.</exception>
    public async Task<EmbedderFingerprint?> ReadFingerprintAsync(CancellationToken cancellationToken = default) =>
        (await ReadHeaderAsync(cancellationToken).ConfigureAwait(false))?.Fingerprint;

    /// <summary>
    /// Copies <paramref name="store"/> into the database, with its metadata: new rows are added, rows whose text, label or
    /// vector differ are replaced, identical rows are left alone; rows only in the database stay. An empty database takes
    /// the store's fingerprint and chunk settings.
    /// </summary>
    /// <param name="store">The store to copy.</param>
    /// <param name="cancellationToken">Cancels the copy; the database is then unchanged.</param>
    /// <returns>How many rows were added or replaced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The database holds vectors of another embedder, or cannot be reached.</exception>
    public Task<int> PushAsync(ExampleStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyList<EmbeddedExample> rows = store.ExportEmbedded();
        var header = new PostgresStoreHeader(Guid.Empty, store.Fingerprint, store.Options.ChunkSize, store.Options.ChunkOverlap, store.Options.Units);
        IReadOnlyDictionary<string, string> metadata = store.Metadata;
        return WriteAsync("pushing a store", async (connection, transaction, ct) =>
        {
            await EnsureHeaderAsync(connection, transaction, header, ct).ConfigureAwait(false);
            List<string> written = await WriteRowsAsync(connection, transaction, rows, replaceChanged: true, ct).ConfigureAwait(false);
            foreach (KeyValuePair<string, string> entry in metadata)
            {
                if (!entry.Key.StartsWith(ReplicaKeyPrefix, StringComparison.Ordinal))
                {
                    await WriteMetadataAsync(connection, transaction, entry.Key, entry.Value, ct).ConfigureAwait(false);
                }
            }

            return written.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// Reads the whole store from the database into memory: every example row with its vector, and the metadata.
    /// </summary>
    /// <param name="options">Batching and index settings for the store; its chunk settings are the database's. <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The store, whose metadata also says where it stands (<see cref="SequenceKey"/>); the caller owns it.</returns>
    /// <exception cref="RagPrefException">The database holds no store yet, or cannot be reached.</exception>
    public async Task<ExampleStore> PullAsync(ExampleStoreOptions? options = null, CancellationToken cancellationToken = default) =>
        (await PullCoreAsync(options, cancellationToken).ConfigureAwait(false)).Store;

    /// <summary>
    /// Adds examples to the shared store: embeds them here with <paramref name="generator"/> (which must be the embedder
    /// the database's vectors came from), then writes them in one transaction. Examples whose id is already stored, and
    /// exact duplicates among <paramref name="examples"/>, are skipped and reported.
    /// </summary>
    /// <param name="examples">The examples.</param>
    /// <param name="generator">The embedder.</param>
    /// <param name="cancellationToken">Cancels the add; nothing is written then.</param>
    /// <returns>What was added and skipped; <see cref="StoreAddResult.Version"/> is the database's change number after the write.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">An example is invalid, the embedder differs from the database's, or the database cannot be reached (nothing was written).</exception>
    public async Task<StoreAddResult> AddExamplesAsync(IEnumerable<ExampleInput> examples, IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(generator);
        PostgresStoreHeader header = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false)
            ?? new PostgresStoreHeader(Guid.Empty, EmbedderFingerprint.Of(generator), ExampleStoreOptions.DefaultChunkSize, ExampleStoreOptions.DefaultChunkOverlap, new ExampleStoreOptions().Units);
        using ExampleStore staged = ExampleStore.CreateEmpty(header.Fingerprint, header.OptionsFrom(null));
        StoreAddResult planned = await staged.AddAsync(examples, generator, cancellationToken: cancellationToken).ConfigureAwait(false);
        IReadOnlyList<EmbeddedExample> rows = staged.ExportEmbedded();
        if (rows.Count == 0)
        {
            return planned with { Version = await ReadLastSequenceAsync(cancellationToken).ConfigureAwait(false) };
        }

        (List<string> written, long sequence) = await WriteAsync("adding examples", async (connection, transaction, ct) =>
        {
            await EnsureHeaderAsync(connection, transaction, header, ct).ConfigureAwait(false);
            List<string> ids = await WriteRowsAsync(connection, transaction, rows, replaceChanged: false, ct).ConfigureAwait(false);
            return (ids, await LastSequenceAsync(connection, transaction, ct).ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);

        var writtenIds = new HashSet<string>(written, StringComparer.Ordinal);
        var skipped = new List<SkippedInput>(planned.Skipped);
        var added = new HashSet<string>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (EmbeddedExample row in rows)
        {
            string example = row.Example.ParentId ?? row.Example.Id;
            (writtenIds.Contains(row.Example.Id) ? added : refused).Add(example);
        }

        foreach (string id in refused)
        {
            if (!added.Contains(id))
            {
                skipped.Add(new SkippedInput(id, null, "an example with this id is already in the database"));
            }
        }

        return new StoreAddResult(added.Count, written.Count, skipped, sequence);
    }

    /// <summary>Removes examples by id (an id that names a chunked example removes all of its chunks).</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="cancellationToken">Cancels the removal; nothing is removed then.</param>
    /// <returns>How many rows were removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ids"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The database cannot be reached (nothing was removed).</exception>
    public Task<int> RemoveExamplesAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        string[] list = [.. ids];
        return WriteAsync("removing examples", async (connection, transaction, ct) =>
        {
            using var command = new NpgsqlCommand(
                $"UPDATE {Schema}.examples SET deleted = true, seq = nextval('{Schema}.change_seq'), changed_at = now() WHERE NOT deleted AND (id = ANY(@ids) OR parent_id = ANY(@ids))",
                connection,
                transaction);
            command.Parameters.AddWithValue("ids", list);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Sets (or with a <see langword="null"/> value removes) one metadata entry of the shared store, for example a calibrated threshold.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or <see langword="null"/> to remove it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the change is committed.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or starts with the reserved <c>postgres.</c>.</exception>
    /// <exception cref="RagPrefException">The database cannot be reached (nothing was written).</exception>
    public Task SetMetadataAsync(string key, string? value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith(ReplicaKeyPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata keys starting with '{ReplicaKeyPrefix}' are reserved for the replicas' own bookkeeping.", nameof(key));
        }

        return WriteAsync("setting metadata", async (connection, transaction, ct) =>
        {
            await WriteMetadataAsync(connection, transaction, key, value, ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _migration.Dispose();
    }

    /// <summary>Closes the pooled connections (for callers that dispose synchronously).</summary>
    public void Dispose()
    {
        _dataSource.Dispose();
        _migration.Dispose();
    }

    /// <summary>Creates the object without connecting (the replica connects later, and again after an outage).</summary>
    internal static RagPrefPostgresDatabase Create(string connectionString, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        PostgresSchema.CheckName(schema);
        return new RagPrefPostgresDatabase(connectionString, schema);
    }

    /// <summary>Whether <paramref name="exception"/> means the database could not be reached (worth retrying), not a refusal.</summary>
    internal static bool IsUnreachable(Exception exception) =>
        exception is RagPrefException { InnerException: { } inner }
            ? IsUnreachable(inner)
            : exception is NpgsqlException { IsTransient: true } or TimeoutException or SocketException or IOException
              || exception is NpgsqlException { InnerException: { } cause } && IsUnreachable(cause)
              || exception is PostgresException { SqlState: "57P01" or "57P02" or "57P03" };

    /// <summary>Opens a dedicated (unpooled) connection that listens for change notifications.</summary>
    internal async Task<NpgsqlConnection> OpenListenerAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false, KeepAlive = 5 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await EnsureMigratedAsync(connection, cancellationToken).ConfigureAwait(false);
            await PostgresSchema.ExecuteAsync(connection, null, $"LISTEN {PostgresSchema.Channel}", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (IsDriverFailure(ex))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Failure("listening for changes", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection of a migrated database, turning driver failures into one clear error.</summary>
    internal async Task<T> RunAsync<T>(string what, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
            await EnsureMigratedAsync(connection, cancellationToken).ConfigureAwait(false);
            return await work(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDriverFailure(ex))
        {
            throw Failure(what, ex);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a transaction that holds the schema's write lock and notifies the replicas on commit.</summary>
    internal Task<T> WriteAsync<T>(string what, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(what, async (connection, ct) =>
        {
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
            await PostgresSchema.LockForWriteAsync(connection, transaction, Schema, ct).ConfigureAwait(false);
            T result = await work(connection, transaction, ct).ConfigureAwait(false);
            await PostgresSchema.NotifyAsync(connection, transaction, Schema, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, cancellationToken);

    /// <summary>Whether <paramref name="exception"/> came from the driver or the connection (turned into one <see cref="RagPrefException"/> by <see cref="Failure"/>).</summary>
    private static bool IsDriverFailure(Exception exception) =>
        exception is NpgsqlException or TimeoutException or SocketException or IOException;

    private RagPrefException Failure(string what, Exception ex)
    {
        string hint = IsUnreachable(ex)
            ? "Check that the server is running and reachable with this connection string."
            : "See the database's message.";
        return new RagPrefException($"PostgreSQL at {Name}: {what} failed: {OneLine(ex.Message)}. {hint} Nothing was changed by this call.", ex);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").TrimEnd('.');

    private async Task EnsureMigratedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _migration.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await PostgresSchema.MigrateAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
                _migrated = true;
            }
        }
        finally
        {
            _migration.Release();
        }
    }
}
