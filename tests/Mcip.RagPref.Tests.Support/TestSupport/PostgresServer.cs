using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// A private PostgreSQL 15 server for tests: its own data folder in the temp directory (<c>initdb</c>, trust
/// authentication, user <c>postgres</c>), on a free loopback port, with its Unix socket inside that folder, so it never
/// meets the machine's own cluster. Uses Debian's binaries in <see cref="BinFolder"/> (package <c>postgresql-15</c>, which
/// <c>./build.sh test</c> installs). PostgreSQL refuses to run as root, so as root the folder belongs to the
/// <c>postgres</c> OS user and every server tool runs through <c>runuser -u postgres --</c>.
/// Every process run is bounded; a failure throws <see cref="InvalidOperationException"/> naming the step, with the tail of
/// the server log and what to install. <see cref="ConnectionString"/> is thread-safe; start and stop are not: call them
/// from one test at a time.
/// </summary>
internal sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>Where Debian's postgresql-15 package puts the server binaries.</summary>
    public const string BinFolder = "/usr/lib/postgresql/15/bin";

    private static readonly TimeSpan InitDeadline = TimeSpan.FromMinutes(2);

    // pg_ctl waits at most PgCtlWaitSeconds itself; the process deadline above it catches a pg_ctl that hangs anyway.
    private const int PgCtlWaitSeconds = 60;
    private static readonly TimeSpan PgCtlDeadline = TimeSpan.FromSeconds(PgCtlWaitSeconds + 30);

    private readonly string _root;
    private readonly bool _asPostgresUser;
    private bool _disposed;

    private PostgresServer(string root, bool asPostgresUser)
    {
        _root = root;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The loopback TCP port the server listens on (the same after <see cref="StartAgainAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>The server's log file (<c>pg_ctl -l</c>); its tail is in every failure message.</summary>
    public string LogPath => Path.Combine(_root, "server.log");

    /// <summary>Whether the server was started and not stopped since.</summary>
    public bool IsRunning { get; private set; }

    private string DataFolder => Path.Combine(_root, "data");

    private string SocketFolder => Path.Combine(_root, "socket");

    /// <summary>
    /// Creates a data folder in the temp directory, runs <c>initdb</c> and starts the server on a free loopback port
    /// (another port, at most three times, when the chosen one was taken before the server bound it).
    /// </summary>
    /// <exception cref="InvalidOperationException">The binaries are missing, or a step failed (the message says which).</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        foreach (string tool in new[] { "postgres", "initdb", "pg_ctl" })
        {
            if (!File.Exists(Path.Combine(BinFolder, tool)))
            {
                throw new InvalidOperationException($"PostgreSQL test server: {Path.Combine(BinFolder, tool)} was not found. {InstallHint}");
            }
        }

        bool asPostgresUser = EffectiveUserIsRoot();
        var server = new PostgresServer(Directory.CreateTempSubdirectory("ragpref-pg-").FullName, asPostgresUser);
        try
        {
            Directory.CreateDirectory(server.SocketFolder);
            if (asPostgresUser)
            {
                await server.GiveFolderToPostgresUserAsync(cancellationToken);
            }

            await server.RunToolAsync(
                "initdb",
                ["-D", server.DataFolder, "-U", "postgres", "--auth-local=trust", "--auth-host=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                InitDeadline,
                cancellationToken);
            await File.AppendAllTextAsync(Path.Combine(server.DataFolder, "postgresql.conf"), $"""

                # Mcip.RagPref test server (PostgresServer): loopback only, socket in its own folder, durability traded for speed.
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '{server.SocketFolder}'
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                max_parallel_workers_per_gather = 0

                """, cancellationToken);

            for (int attempt = 1; ; attempt++)
            {
                server.Port = FreeLoopbackPort();
                try
                {
                    await server.StartAgainAsync(cancellationToken);
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3 && server.ReadLogTail().Contains("Address already in use", StringComparison.Ordinal))
                {
                    // Another process took the port between the probe and the bind: try another one.
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The connection string for <paramref name="database"/>: TCP on loopback as <c>postgres</c>, no pooling (every open is
    /// a new connection, so nothing stale survives <see cref="StopAsync"/>), 10 s to connect, 60 s a command, error details
    /// included. Thread-safe.
    /// </summary>
    public string ConnectionString(string database = "postgres")
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = false,
            Timeout = 10,
            CommandTimeout = 60,
            IncludeErrorDetail = true,
            ApplicationName = "ragpref-tests",
        }.ConnectionString;
    }

    /// <summary>
    /// Creates an empty database, named <paramref name="name"/> or a fresh unique name (<c>t_</c> and 32 hex digits), and
    /// returns its <see cref="ConnectionString"/>. The name must be a plain lower-case identifier.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server did not create it (the message has the log tail).</exception>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N");
        if (!PlainIdentifier().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain lower-case identifier of at most 63 characters.", nameof(name));
        }

        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString());
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw Failure($"CREATE DATABASE {name} on port {Port}", e.ToString());
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>: open connections are ended, data is kept) for tests that lose the database mid-run.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await RunToolAsync("pg_ctl", ["stop", "-D", DataFolder, "-m", "fast", "-w", "-t", $"{PgCtlWaitSeconds}"], PgCtlDeadline, cancellationToken);
        IsRunning = false;
    }

    /// <summary>Starts the server again on the same data folder and <see cref="Port"/> (<c>pg_ctl start -w</c>), after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await RunToolAsync(
            "pg_ctl",
            ["start", "-D", DataFolder, "-w", "-t", $"{PgCtlWaitSeconds}", "-l", LogPath, "-o", $"-p {Port}"],
            PgCtlDeadline,
            cancellationToken);
        IsRunning = true;
    }

    /// <summary>Stops the server at once (<c>pg_ctl stop -m immediate</c>, or a kill of the postmaster when that fails) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            try
            {
                await RunToolAsync("pg_ctl", ["stop", "-D", DataFolder, "-m", "immediate", "-w", "-t", "30"], TimeSpan.FromSeconds(60), CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                KillPostmaster();
            }
        }

        IsRunning = false;
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in the temp directory; a server process may have held a file for a moment.
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();
}
