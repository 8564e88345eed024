using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Mcip.RagPref.Postgres;

/// <summary>
/// The tables of one shared store and their versioned migrations. Every change to a row takes the next value of one
/// sequence (<c>change_seq</c>) and writers serialise on an advisory lock, so the sequence order is the commit order and
/// a replica that has seen change N has seen every change before it. Removed examples and pins stay as tombstones so the
/// removal reaches every replica.
/// </summary>
internal static partial class PostgresSchema
{
    /// <summary>The channel every write notifies, with the schema name as payload.</summary>
    public const string Channel = "ragpref_changes";

    /// <summary>The migrations, in order: version i + 1 is <see cref="Migrations"/>[i]. Never edit one that has shipped; append.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE SEQUENCE {0}.change_seq;
        CREATE TABLE {0}.store (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            database_id uuid NOT NULL DEFAULT gen_random_uuid(),
            model_id text NOT NULL,
            dimensions integer NOT NULL CHECK (dimensions > 0),
            weights_sha256 text NOT NULL,
            chunk_size integer NOT NULL,
            chunk_overlap integer NOT NULL,
            units smallint NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE {0}.examples (
            id text PRIMARY KEY,
            parent_id text,
            label smallint NOT NULL CHECK (label IN (0, 1)),
            text text NOT NULL,
            surface text,
            category text,
            source text,
            tags text[] NOT NULL DEFAULT '{{}}',
            chunk_start integer NOT NULL DEFAULT 0,
            chunk_length integer NOT NULL DEFAULT 0,
            vector real[] NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            seq bigint NOT NULL,
            changed_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX examples_seq ON {0}.examples (seq);
        CREATE INDEX examples_parent ON {0}.examples (parent_id) WHERE parent_id IS NOT NULL;
        CREATE TABLE {0}.metadata (
            key text PRIMARY KEY,
            value text,
            seq bigint NOT NULL);
        CREATE INDEX metadata_seq ON {0}.metadata (seq);
        CREATE TABLE {0}.tool_pins (
            tool text PRIMARY KEY,
            hash text,
            seq bigint NOT NULL,
            pinned_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX tool_pins_seq ON {0}.tool_pins (seq);
        """,
    ];

    /// <summary>Gets the schema version this library writes and reads.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Checks that <paramref name="schema"/> is a plain lower-case identifier (it is spliced into SQL).</summary>
    /// <exception cref="RagPrefException">It is not.</exception>
    public static void CheckName(string? schema)
    {
        if (schema is null || !SchemaName().IsMatch(schema))
        {
            throw new RagPrefException(
                $"The PostgreSQL schema name '{schema}' is not allowed: use 1 to 63 lower-case letters, digits and underscores, starting with a letter or underscore (for example ragpref).");
        }
    }

    /// <summary>Creates the schema and applies the missing migrations, serialised between replicas by an advisory lock.</summary>
    /// <exception cref="RagPrefException">The database holds a newer schema version than this library knows.</exception>
    public static async Task MigrateAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock(hashtext('{schema}.migrate'))", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);
        int current;
        using (var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_migrations", connection, transaction))
        {
            current = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (current > LatestVersion)
        {
            throw new RagPrefException(
                $"The PostgreSQL schema '{schema}' is at version {current}, newer than this version of Mcip.RagPref.Postgres knows ({LatestVersion}). Upgrade the package on this replica.");
        }

        for (int version = current + 1; version <= LatestVersion; version++)
        {
            string sql = string.Format(CultureInfo.InvariantCulture, Migrations[version - 1], schema);
            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO {schema}.schema_migrations (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the write lock of <paramref name="schema"/> for the rest of the transaction (writers serialise, so sequence order is commit order).</summary>
    public static Task LockForWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, LockForWriteSql(schema), cancellationToken);

    /// <summary>Takes the write lock, as <see cref="LockForWriteAsync"/>, for the synchronous writers (the MCP tool pins).</summary>
    public static void LockForWrite(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema) =>
        Execute(connection, transaction, LockForWriteSql(schema));

    /// <summary>Queues the change notification; PostgreSQL delivers it when the transaction commits.</summary>
    public static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, NotifySql(schema), cancellationToken);

    /// <summary>Queues the change notification, as <see cref="NotifyAsync"/>, for the synchronous writers.</summary>
    public static void Notify(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema) =>
        Execute(connection, transaction, NotifySql(schema));

    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private static string LockForWriteSql(string schema) => $"SELECT pg_advisory_xact_lock(hashtext('{schema}.write'))";

    private static string NotifySql(string schema) => $"SELECT pg_notify('{Channel}', '{schema}')";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
