using System.Runtime.CompilerServices;
using Mcip.RagPref.Mcp;
using Npgsql;

namespace Mcip.RagPref.Postgres;

/// <content>MCP tool pins. Synchronous, as <see cref="IMcpToolPinStore"/> is: they run only for a tool a replica has not seen.</content>
public sealed partial class RagPrefPostgresDatabase
{
    /// <summary>Compares <paramref name="hash"/> with the tool's pin in the database, pinning it when the tool is new there.</summary>
    /// <exception cref="RagPrefException">The database cannot be reached; nothing was pinned.</exception>
    internal McpToolPinOutcome CheckPin(string tool, string hash, bool repinOnChange, out string pinned)
    {
        string? existing = null;
        McpToolPinOutcome outcome = RunPinWrite("pinning an MCP tool", (connection, transaction) =>
        {
            using (var select = new NpgsqlCommand($"SELECT hash FROM {Schema}.tool_pins WHERE tool = @tool", connection, transaction))
            {
                select.Parameters.AddWithValue("tool", tool);
                existing = select.ExecuteScalar() as string;
            }

            if (existing is not null && string.Equals(existing, hash, StringComparison.Ordinal))
            {
                return McpToolPinOutcome.Unchanged;
            }

            if (existing is null || repinOnChange)
            {
                using var upsert = new NpgsqlCommand(
                    $"INSERT INTO {Schema}.tool_pins (tool, hash, seq) VALUES (@tool, @hash, nextval('{Schema}.change_seq')) ON CONFLICT (tool) DO UPDATE SET hash = EXCLUDED.hash, seq = EXCLUDED.seq, pinned_at = now()",
                    connection,
                    transaction);
                upsert.Parameters.AddWithValue("tool", tool);
                upsert.Parameters.AddWithValue("hash", hash);
                upsert.ExecuteNonQuery();
            }

            return existing is null ? McpToolPinOutcome.New : McpToolPinOutcome.Changed;
        });
        pinned = existing ?? hash;
        return outcome;
    }

    /// <summary>Removes a tool's pin in the database (a tombstone, so every replica forgets it).</summary>
    /// <exception cref="RagPrefException">The database cannot be reached; nothing was removed.</exception>
    internal bool RemovePin(string tool) =>
        RunPinWrite("removing an MCP tool pin", (connection, transaction) =>
        {
            using var command = new NpgsqlCommand(
                $"UPDATE {Schema}.tool_pins SET hash = NULL, seq = nextval('{Schema}.change_seq') WHERE tool = @tool AND hash IS NOT NULL", connection, transaction);
            command.Parameters.AddWithValue("tool", tool);
            return command.ExecuteNonQuery() > 0;
        });

    /// <summary>Reads every pin.</summary>
    internal Task<Dictionary<string, string>> ReadPinsAsync(CancellationToken cancellationToken) =>
        RunAsync("reading MCP tool pins", async (connection, ct) =>
        {
            var pins = new Dictionary<string, string>(StringComparer.Ordinal);
            using var command = new NpgsqlCommand($"SELECT tool, hash FROM {Schema}.tool_pins WHERE hash IS NOT NULL", connection);
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                pins[reader.GetString(0)] = reader.GetString(1);
            }

            return pins;
        }, cancellationToken);

    private T RunPinWrite<T>(string what, Func<NpgsqlConnection, NpgsqlTransaction, T> work)
    {
        try
        {
            using NpgsqlConnection connection = _dataSource.OpenConnection();
            if (!_migrated)
            {
                EnsureMigratedAsync(connection, CancellationToken.None).GetAwaiter().GetResult();
            }

            using NpgsqlTransaction transaction = connection.BeginTransaction();
            PostgresSchema.LockForWrite(connection, transaction, Schema);
            T result = work(connection, transaction);
            PostgresSchema.Notify(connection, transaction, Schema);
            transaction.Commit();
            return result;
        }
        catch (Exception ex) when (IsDriverFailure(ex))
        {
            throw Failure(what, ex);
        }
    }
}
