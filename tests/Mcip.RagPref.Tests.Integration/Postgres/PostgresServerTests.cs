using System.Net.Sockets;
using Mcip.RagPref.Tests.TestSupport;
using Npgsql;

namespace Mcip.RagPref.Tests.Postgres;

/// <summary>
/// The PostgreSQL test infrastructure itself (<see cref="PostgresServer"/> through <see cref="PostgresFixture"/>): the
/// server starts on loopback, hands out separate databases, refuses connections while stopped, and keeps its data across a
/// stop and start.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task StartAsync_Started_ServesPostgres15OnItsLoopbackPort()
    {
        PostgresServer server = await postgres.GetServerAsync();

        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("PostgreSQL 15.", await ScalarAsync<string>(connection, "SELECT version()"));
        Assert.Equal(server.Port, await ScalarAsync<int>(connection, "SELECT inet_server_port()"));
        Assert.Equal("127.0.0.1", await ScalarAsync<string>(connection, "SHOW listen_addresses"));
        Assert.True(File.Exists(server.LogPath), server.LogPath);
    }

    [Fact]
    public async Task CreateDatabaseAsync_TwoDatabases_EachQueryableAndSeparate()
    {
        PostgresServer server = await postgres.GetServerAsync();

        string first = await server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        string second = await server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);

        await using var one = new NpgsqlConnection(first);
        await using var two = new NpgsqlConnection(second);
        await one.OpenAsync(TestContext.Current.CancellationToken);
        await two.OpenAsync(TestContext.Current.CancellationToken);
        Assert.NotEqual(await ScalarAsync<string>(one, "SELECT current_database()"), await ScalarAsync<string>(two, "SELECT current_database()"));
        await ScalarAsync<int>(one, "CREATE TABLE marks (id int); INSERT INTO marks VALUES (1); SELECT 0");
        Assert.Equal(1L, await ScalarAsync<long>(one, "SELECT count(*) FROM marks"));
        Assert.True(await ScalarAsync<bool>(two, "SELECT to_regclass('marks') IS NULL"), "the table made in the first database is visible in the second");
    }

    [Fact]
    public async Task StopAsync_ThenConnect_FailsWithAConnectionError()
    {
        PostgresServer server = await postgres.GetServerAsync();
        string database = await server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);

        await server.StopAsync(TestContext.Current.CancellationToken);
        try
        {
            Exception? failure = await Record.ExceptionAsync(async () =>
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await ScalarAsync<int>(connection, "SELECT 1");
            });

            Assert.False(server.IsRunning);
            Assert.True(failure is NpgsqlException or SocketException, $"expected a connection error, got: {failure}");
        }
        finally
        {
            await server.StartAgainAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task StartAgainAsync_AfterStop_SamePortAndDataWrittenBeforeIsThere()
    {
        PostgresServer server = await postgres.GetServerAsync();
        int port = server.Port;
        string database = await server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await ScalarAsync<int>(connection, "CREATE TABLE notes (text text); INSERT INTO notes VALUES ('written before the stop'); SELECT 0");
        }

        await server.StopAsync(TestContext.Current.CancellationToken);
        await server.StartAgainAsync(TestContext.Current.CancellationToken);

        Assert.Equal(port, server.Port);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            Assert.Equal("written before the stop", await ScalarAsync<string>(connection, "SELECT text FROM notes"));
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
