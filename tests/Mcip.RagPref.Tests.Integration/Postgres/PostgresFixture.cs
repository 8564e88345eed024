using Mcip.RagPref.Tests.TestSupport;
using Npgsql;

namespace Mcip.RagPref.Tests.Postgres;

/// <summary>
/// One private PostgreSQL 15 server (<see cref="PostgresServer"/>) for the <see cref="PostgresGroup"/> collection, started
/// on first use and disposed (stopped, folder deleted) after the collection's last test. A failed start fails every test
/// that asks, with the same message, without trying again.
/// </summary>
public sealed class PostgresFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task<PostgresServer>? _start;

    /// <summary>
    /// The server, started on the first call (a few seconds: <c>initdb</c> and <c>pg_ctl start</c>); started again when an
    /// earlier test left it stopped. Each test gets a fresh database from <see cref="PostgresServer.CreateDatabaseAsync"/>.
    /// </summary>
    internal async Task<PostgresServer> GetServerAsync()
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            // Not the first test's token: the server outlives it, and every step of the start is bounded anyway.
            _start ??= PostgresServer.StartAsync(CancellationToken.None);
            PostgresServer server = await _start;
            if (!server.IsRunning)
            {
                await server.StartAgainAsync(TestContext.Current.CancellationToken);
            }

            return server;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A fresh database on the (running) server, for one test: its connection string.</summary>
    internal async Task<string> CreateDatabaseAsync() =>
        await (await GetServerAsync()).CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The first column of every row <paramref name="sql"/> returns, read as <typeparamref name="T"/>.</summary>
    internal static async Task<List<T>> QueryAsync<T>(string connectionString, string sql)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct);
        var values = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        if (_start is { IsCompletedSuccessfully: true })
        {
            await _start.Result.DisposeAsync();
        }

        _gate.Dispose();
    }
}
