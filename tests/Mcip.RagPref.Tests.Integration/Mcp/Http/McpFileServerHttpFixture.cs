using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;

namespace Mcip.RagPref.Tests.Mcp.Http;

/// <summary>
/// The sample McpFileServer (built with the tests) started once as a process in HTTP mode
/// (<c>--urls http://127.0.0.1:0</c>: the OS picks a free port, which the server announces in its log) on a temporary
/// root folder, and a client connected to it over Streamable HTTP.
/// </summary>
public sealed partial class McpFileServerHttpFixture : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private McpClient? _client;

    public McpFileServerHttpFixture()
    {
        Folder = Directory.CreateTempSubdirectory("ragpref-mcpfs-http-").FullName;
        Root = Path.Combine(Folder, "root");
        Directory.CreateDirectory(Path.Combine(Root, "notes"));
        File.WriteAllText(Path.Combine(Root, "notes", "todo.md"), "- buy milk\n- call Sam\n");
        File.WriteAllText(Path.Combine(Folder, "secret.txt"), "TOP SECRET 42");
    }

    public string Folder { get; }

    public string Root { get; }

    /// <summary>Gets what the server wrote to stderr (its logs), for failure messages.</summary>
    public ConcurrentQueue<string> ServerLog { get; } = new();

    /// <summary>Gets the MCP endpoint once the server listens.</summary>
    public Uri? Endpoint { get; private set; }

    /// <summary>Starts the server on first use (it loads the default guard) and returns the connected client.</summary>
    public async Task<McpClient> GetClientAsync()
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_client is null)
            {
                Assert.True(File.Exists(McpFileServerFixture.ServerDll), $"The sample server was not built at {McpFileServerFixture.ServerDll}.");
                var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (string argument in (string[])[McpFileServerFixture.ServerDll, "--root", Root, "--urls", "http://127.0.0.1:0"])
                {
                    start.ArgumentList.Add(argument);
                }

                _process = Process.Start(start)!;
                _process.ErrorDataReceived += (_, e) => OnLogLine(e.Data);
                _process.OutputDataReceived += (_, e) => OnLogLine(e.Data);
                _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException("The server exited before it listened.\n" + Log()));
                _process.EnableRaisingEvents = true;
                _process.BeginErrorReadLine();
                _process.BeginOutputReadLine();
                Uri address = await _listening.Task.WaitAsync(StartDeadline, TestContext.Current.CancellationToken);
                Endpoint = new Uri(address, "/mcp");
                _client = await McpHttpApp.ConnectAsync(Endpoint);
            }

            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The last lines of the server's log.</summary>
    public string Log() => "\nServer log:\n" + string.Join("\n", ServerLog.TakeLast(30));

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _process.Dispose();
        }

        _gate.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private void OnLogLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        ServerLog.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups["address"].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
