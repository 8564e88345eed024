using System.Runtime.CompilerServices;
using System.Data;
using System.Globalization;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Npgsql;
using NpgsqlTypes;

namespace Mcip.RagPref.Postgres;

/// <content>Reading and writing rows, metadata and the store header.</content>
public sealed partial class RagPrefPostgresDatabase
{
    /// <summary>
    /// The prefix of the metadata keys that say where a store read from the database stands (<see cref="SequenceKey"/>
    /// and the database's id). <see cref="PullAsync"/> sets them; <see cref="PushAsync"/> never writes them to the database.
    /// </summary>
    public const string ReplicaKeyPrefix = "postgres.";

    /// <summary>The metadata key that holds the database's change number a pulled store reflects.</summary>
    public const string SequenceKey = "postgres.sequence";

    /// <summary>The snapshot's database id (a snapshot of another database is never caught up with this one).</summary>
    internal const string DatabaseKey = "postgres.database";

    private const string RowColumns = "id, parent_id, label, text, surface, category, source, tags, chunk_start, chunk_length, vector";

    internal Task<PostgresStoreHeader?> ReadHeaderAsync(CancellationToken cancellationToken) =>
        RunAsync("reading the store header", (connection, ct) => ReadHeaderAsync(connection, null, ct), cancellationToken);

    internal Task<long> ReadLastSequenceAsync(CancellationToken cancellationToken) =>
        RunAsync("reading the change number", (connection, ct) => LastSequenceAsync(connection, null, ct), cancellationToken);

    /// <summary>Reads the header, every live row, the metadata and the change number, all from one snapshot of the database.</summary>
    internal Task<(ExampleStore Store, PostgresStoreHeader Header, long Sequence)> PullCoreAsync(ExampleStoreOptions? options, CancellationToken cancellationToken) =>
        RunAsync("reading the store", async (connection, ct) =>
        {
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
            PostgresStoreHeader header = await ReadHeaderAsync(connection, transaction, ct).ConfigureAwait(false)
                ?? throw new RagPrefException($"PostgreSQL at {Name} holds no store yet. Fill it with 'ragpref store push FILE --postgres ...', or let a replica seed it (RagPrefPostgresOptions.SeedEmptyDatabase).");
            List<EmbeddedExample> rows = await ReadRowsAsync(connection, transaction, $"WHERE NOT deleted ORDER BY seq", null, ct).ConfigureAwait(false);
            List<KeyValuePair<string, string?>> metadata = await ReadMetadataAsync(connection, transaction, 0, ct).ConfigureAwait(false);
            long sequence = await LastSequenceAsync(connection, transaction, ct).ConfigureAwait(false);
            ExampleStore store = ExampleStore.CreateEmpty(header.Fingerprint, header.OptionsFrom(options));
            try
            {
                store.AddEmbedded(rows);
                foreach (KeyValuePair<string, string?> entry in metadata)
                {
                    store.SetMetadata(entry.Key, entry.Value);
                }

                store.SetMetadata(SequenceKey, sequence.ToString(CultureInfo.InvariantCulture));
                store.SetMetadata(DatabaseKey, header.DatabaseId.ToString());
                return (store, header, sequence);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }, cancellationToken);

    /// <summary>Reads every change committed after <paramref name="since"/>, from one snapshot of the database.</summary>
    internal Task<PostgresChanges> ReadChangesAsync(long since, CancellationToken cancellationToken) =>
        RunAsync("reading changes", async (connection, ct) =>
        {
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);

            // The change number first: in this snapshot no row has a higher one, so when it is not past since (a check that
            // finds nothing, the common case) there is nothing to read.
            long last = await LastSequenceAsync(connection, transaction, ct).ConfigureAwait(false);
            if (last <= since)
            {
                return new PostgresChanges([], [], [], [], since);
            }

            var removed = new List<string>();
            List<EmbeddedExample> rows = await ReadRowsAsync(connection, transaction, "WHERE seq > @since ORDER BY seq", since, ct, removed).ConfigureAwait(false);
            List<KeyValuePair<string, string?>> metadata = await ReadMetadataAsync(connection, transaction, since, ct).ConfigureAwait(false);
            List<KeyValuePair<string, string?>> pins = await ReadPinsAsync(connection, transaction, since, ct).ConfigureAwait(false);
            return new PostgresChanges(rows, removed, metadata, pins, last);
        }, cancellationToken);

    /// <summary>Reads the ids of every live row.</summary>
    internal Task<HashSet<string>> ReadLiveIdsAsync(CancellationToken cancellationToken) =>
        RunAsync("reading example ids", async (connection, ct) =>
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            using var command = new NpgsqlCommand($"SELECT id FROM {Schema}.examples WHERE NOT deleted", connection);
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }, cancellationToken);

    /// <summary>Reads the live rows with the given ids, in sequence order.</summary>
    internal Task<List<EmbeddedExample>> ReadLiveRowsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        RunAsync("reading examples", (connection, ct) => ReadRowsAsync(connection, null, "WHERE NOT deleted AND id = ANY(@ids) ORDER BY seq", ids.ToArray(), ct), cancellationToken);

    /// <summary>Reads every metadata entry that has a value.</summary>
    internal Task<List<KeyValuePair<string, string?>>> ReadAllMetadataAsync(CancellationToken cancellationToken) =>
        RunAsync("reading metadata", (connection, ct) => ReadMetadataAsync(connection, null, 0, ct), cancellationToken);

    private async Task<PostgresStoreHeader?> ReadHeaderAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(
            $"SELECT database_id, model_id, dimensions, weights_sha256, chunk_size, chunk_overlap, units FROM {Schema}.store", connection, transaction);
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new PostgresStoreHeader(
            reader.GetGuid(0),
            new EmbedderFingerprint(reader.GetString(1), reader.GetInt32(2), reader.GetString(3)),
            reader.GetInt32(4),
            reader.GetInt32(5),
            (StoreUnits)reader.GetInt16(6));
    }

    /// <summary>Writes the header when the database has none; otherwise checks that the fingerprints agree.</summary>
    private async Task EnsureHeaderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresStoreHeader header, CancellationToken cancellationToken)
    {
        PostgresStoreHeader? existing = await ReadHeaderAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            using var insert = new NpgsqlCommand(
                $"INSERT INTO {Schema}.store (model_id, dimensions, weights_sha256, chunk_size, chunk_overlap, units) VALUES (@model, @dimensions, @weights, @size, @overlap, @units)",
                connection,
                transaction);
            insert.Parameters.AddWithValue("model", header.Fingerprint.ModelId);
            insert.Parameters.AddWithValue("dimensions", header.Fingerprint.Dimensions);
            insert.Parameters.AddWithValue("weights", header.Fingerprint.WeightsSha256);
            insert.Parameters.AddWithValue("size", header.ChunkSize);
            insert.Parameters.AddWithValue("overlap", header.ChunkOverlap);
            insert.Parameters.AddWithValue("units", (short)header.Units);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (existing.Fingerprint != header.Fingerprint)
        {
            throw new RagPrefException(
                $"PostgreSQL at {Name} holds vectors of the embedder {existing.Fingerprint}, not {header.Fingerprint}. "
                + "Use the same embedder on every replica, or give this store its own schema (RagPrefPostgresOptions.Schema, --schema).");
        }
    }

    /// <summary>Copies rows into a temporary table with binary COPY, then merges them; returns the ids written. Once per transaction: the table goes with it.</summary>
    private async Task<List<string>> WriteRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<EmbeddedExample> rows, bool replaceChanged, CancellationToken cancellationToken)
    {
        await PostgresSchema.ExecuteAsync(
            connection,
            transaction,
            "CREATE TEMP TABLE ragpref_incoming (ord integer, id text, parent_id text, label smallint, text text, surface text, category text, source text, tags text[], chunk_start integer, chunk_length integer, vector real[]) ON COMMIT DROP",
            cancellationToken).ConfigureAwait(false);
        NpgsqlBinaryImporter importer = await connection.BeginBinaryImportAsync($"COPY ragpref_incoming (ord, {RowColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            for (int i = 0; i < rows.Count; i++)
            {
                Example example = rows[i].Example;
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(example.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, example.ParentId, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((short)example.Label, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(example.Text, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, example.Surface is { } surface ? GuardNames.Surface(surface) : null, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, example.Category, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, example.Source, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(example.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(example.ChunkStart, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(example.ChunkLength, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(rows[i].Vector.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        string when = replaceChanged
            ? $"WHERE {Schema}.examples.deleted OR {Schema}.examples.text IS DISTINCT FROM EXCLUDED.text OR {Schema}.examples.label <> EXCLUDED.label OR {Schema}.examples.vector IS DISTINCT FROM EXCLUDED.vector"
            : $"WHERE {Schema}.examples.deleted";
        using var merge = new NpgsqlCommand(
            $"""
            INSERT INTO {Schema}.examples ({RowColumns}, deleted, seq)
            SELECT {RowColumns}, false, nextval('{Schema}.change_seq') FROM ragpref_incoming ORDER BY ord
            ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, label = EXCLUDED.label, text = EXCLUDED.text, surface = EXCLUDED.surface,
                category = EXCLUDED.category, source = EXCLUDED.source, tags = EXCLUDED.tags, chunk_start = EXCLUDED.chunk_start,
                chunk_length = EXCLUDED.chunk_length, vector = EXCLUDED.vector, deleted = false, seq = EXCLUDED.seq, changed_at = now()
            {when}
            RETURNING id
            """,
            connection,
            transaction);
        var written = new List<string>(rows.Count);
        NpgsqlDataReader reader = await merge.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                written.Add(reader.GetString(0));
            }
        }

        return written;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private async Task WriteMetadataAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, string? value, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {Schema}.metadata (key, value, seq) VALUES (@key, @value, nextval('{Schema}.change_seq'))
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, seq = EXCLUDED.seq WHERE {Schema}.metadata.value IS DISTINCT FROM EXCLUDED.value
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> LastSequenceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(
            $"SELECT greatest((SELECT coalesce(max(seq), 0) FROM {Schema}.examples), (SELECT coalesce(max(seq), 0) FROM {Schema}.metadata), (SELECT coalesce(max(seq), 0) FROM {Schema}.tool_pins))",
            connection,
            transaction);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Reads example rows; removed rows go to <paramref name="removed"/> when given (otherwise the filter must exclude them).</summary>
    private async Task<List<EmbeddedExample>> ReadRowsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string filter,
        object? argument,
        CancellationToken cancellationToken,
        List<string>? removed = null)
    {
        using var command = new NpgsqlCommand($"SELECT {RowColumns}, deleted FROM {Schema}.examples {filter}", connection, transaction);
        if (argument is long since)
        {
            command.Parameters.AddWithValue("since", since);
        }
        else if (argument is string[] ids)
        {
            command.Parameters.AddWithValue("ids", ids);
        }

        var rows = new List<EmbeddedExample>();
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.GetBoolean(11))
            {
                removed?.Add(reader.GetString(0));
                continue;
            }

            rows.Add(ReadRow(reader));
        }

        return rows;
    }

    private EmbeddedExample ReadRow(NpgsqlDataReader reader)
    {
        string id = reader.GetString(0);
        short label = reader.GetInt16(2);
        if (label is not (0 or 1))
        {
            throw new RagPrefException($"PostgreSQL at {Name}: the example '{id}' has label {label}; only 0 (benign) and 1 (attack) are valid. Fix the row.");
        }

        GuardSurface? surface = null;
        if (!reader.IsDBNull(4))
        {
            surface = GuardNames.TryParseSurface(reader.GetString(4), out GuardSurface parsed)
                ? parsed
                : throw new RagPrefException($"PostgreSQL at {Name}: the example '{id}' has an unknown surface '{reader.GetString(4)}'. Fix the row.");
        }

        var example = new Example(id, reader.GetString(3), (ExampleLabel)label)
        {
            ParentId = reader.IsDBNull(1) ? null : reader.GetString(1),
            Surface = surface,
            Category = reader.IsDBNull(5) ? null : reader.GetString(5),
            Source = reader.IsDBNull(6) ? null : reader.GetString(6),
            Tags = reader.GetFieldValue<string[]>(7),
            ChunkStart = reader.GetInt32(8),
            ChunkLength = reader.GetInt32(9),
        };
        return new EmbeddedExample(example, reader.GetFieldValue<float[]>(10));
    }

    private async Task<List<KeyValuePair<string, string?>>> ReadMetadataAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long since, CancellationToken cancellationToken) =>
        await ReadPairsAsync(connection, transaction, $"SELECT key, value FROM {Schema}.metadata WHERE seq > @since{(since == 0 ? " AND value IS NOT NULL" : string.Empty)} ORDER BY seq", since, cancellationToken).ConfigureAwait(false);

    private async Task<List<KeyValuePair<string, string?>>> ReadPinsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long since, CancellationToken cancellationToken) =>
        await ReadPairsAsync(connection, transaction, $"SELECT tool, hash FROM {Schema}.tool_pins WHERE seq > @since ORDER BY seq", since, cancellationToken).ConfigureAwait(false);

    private static async Task<List<KeyValuePair<string, string?>>> ReadPairsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, long since, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("since", since);
        var pairs = new List<KeyValuePair<string, string?>>();
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pairs.Add(new(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return pairs;
    }
}
