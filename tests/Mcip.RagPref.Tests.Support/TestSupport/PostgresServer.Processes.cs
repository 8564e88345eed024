using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>The server tools run as bounded child processes, as the <c>postgres</c> OS user when we are root.</summary>
internal sealed partial class PostgresServer
{
    private const string InstallHint =
        "The PostgreSQL tests need PostgreSQL 15 in " + BinFolder + " (Debian package postgresql-15): "
        + "apt-get install postgresql-15, which ./build.sh test does when run as root.";

    private const int LogTailLines = 30;

    /// <summary>Runs <paramref name="tool"/> from <see cref="BinFolder"/>; a non-zero exit or a timeout (the process is killed) throws.</summary>
    private async Task RunToolAsync(string tool, IReadOnlyList<string> arguments, TimeSpan deadline, CancellationToken cancellationToken)
    {
        string path = Path.Combine(BinFolder, tool);
        string step = $"{tool} {string.Join(' ', arguments)}";
        (string fileName, IEnumerable<string> argv) = _asPostgresUser
            ? (RunUser, ["-u", "postgres", "--", path, .. arguments])
            : (path, arguments);
        int code;
        string output, error;
        try
        {
            (code, output, error) = await ProcessRun.RunAsync(fileName, argv, _root, deadline: deadline, cancellationToken: cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw Failure(step, $"it did not finish in {deadline.TotalSeconds:0} s (or was cancelled) and was killed.\n{e.Message}");
        }
        catch (Win32Exception e)
        {
            throw Failure(step, $"'{fileName}' could not be started: {e.Message}");
        }

        if (code != 0)
        {
            throw Failure(step, $"it exited with code {code}.\n{output}{error}".TrimEnd());
        }
    }

    /// <summary>As root: the folder goes to the <c>postgres</c> OS user (the server refuses to run as root).</summary>
    private async Task GiveFolderToPostgresUserAsync(CancellationToken cancellationToken)
    {
        (int code, string output, string error) = await ProcessRun.RunAsync("id", ["-u", "postgres"], _root, deadline: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        if (code != 0)
        {
            throw Failure(
                "finding the postgres OS user",
                $"the tests run as root, which PostgreSQL refuses, and there is no 'postgres' user to run it as (id -u postgres: {(output + error).Trim()}). "
                + "Debian's postgresql-15 package creates that user; or run the tests as a user other than root.");
        }

        (code, output, error) = await ProcessRun.RunAsync("chown", ["-R", "postgres:postgres", _root], _root, deadline: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        if (code != 0)
        {
            throw Failure($"chown -R postgres:postgres {_root}", $"it exited with code {code}.\n{output}{error}".TrimEnd());
        }
    }

    /// <summary>One failure message: the step, what happened, the tail of the server log, and what to install.</summary>
    private InvalidOperationException Failure(string step, string details) => new(
        $"PostgreSQL test server ({_root}, port {Port}): {step} failed: {details}\n"
        + $"Last {LogTailLines} lines of the server log {LogPath}:\n{ReadLogTail()}\n{InstallHint}");

    private string ReadLogTail()
    {
        try
        {
            if (!File.Exists(LogPath))
            {
                return "(no log yet: the server was not started)";
            }

            string[] lines = File.ReadAllLines(LogPath);
            return string.Join('\n', lines.AsSpan(Math.Max(0, lines.Length - LogTailLines)).ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(the log could not be read: {e.Message})";
        }
    }

    /// <summary>The last resort when <c>pg_ctl stop</c> failed: kills the postmaster named in <c>postmaster.pid</c>.</summary>
    private void KillPostmaster()
    {
        try
        {
            string first = File.ReadLines(Path.Combine(DataFolder, "postmaster.pid")).FirstOrDefault() ?? string.Empty;
            if (int.TryParse(first.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                using var postmaster = Process.GetProcessById(pid);
                postmaster.Kill(entireProcessTree: true);
                postmaster.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or Win32Exception)
        {
            // Gone already, or not ours: nothing more to do.
        }
    }

    private static string RunUser => File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "runuser";

    /// <summary>Whether the effective uid is 0 (Linux: the second field of the Uid line of /proc/self/status).</summary>
    private static bool EffectiveUserIsRoot()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    string[] ids = line["Uid:".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    return ids.Length > 1 && ids[1] == "0";
                }
            }
        }
        catch (IOException)
        {
            // Not Linux: fall back to the user name.
        }

        return Environment.UserName == "root";
    }

    /// <summary>A loopback port free a moment ago (the OS picks it for a listener on port 0).</summary>
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
