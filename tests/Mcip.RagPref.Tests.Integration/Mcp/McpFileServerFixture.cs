using System.Collections.Concurrent;
using System.Reflection;
using Mcip.RagPref.Tests.TestSupport;
using ModelContextProtocol.Client;

namespace Mcip.RagPref.Tests.Mcp;

/// <summary>
/// The sample McpFileServer (built with the tests) started once, over stdio through the SDK's client transport, on a
/// temporary root folder holding a few files and a symbolic link that points outside the root.
/// </summary>
public sealed class McpFileServerFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private McpClient? _client;

    public McpFileServerFixture()
    {
        Folder = Directory.CreateTempSubdirectory("ragpref-mcpfs-").FullName;
        Root = Path.Combine(Folder, "root");
        Outside = Path.Combine(Folder, "outside");
        Directory.CreateDirectory(Path.Combine(Root, "notes"));
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Root, "notes", "todo.md"), "- buy milk\n- call Sam\n");
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "TOP SECRET 42");
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), Outside);
    }

    public string Folder { get; }

    public string Root { get; }

    public string Outside { get; }

    /// <summary>What the server wrote to stderr (its logs), for failure messages.</summary>
    public ConcurrentQueue<string> ServerLog { get; } = new();

    /// <summary>The server's dll next to the test build (same configuration).</summary>
    public static string ServerDll
    {
        get
        {
            string configuration = typeof(McpFileServerFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(SharedAssets.RepositoryRoot, "samples", "McpFileServer", "bin", configuration, "net10.0", "McpFileServer.dll");
        }
    }

    /// <summary>Starts the server on first use (it loads the default guard) and returns the connected client; skips without the set-up cache.</summary>
    public async Task<McpClient> GetClientAsync()
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_client is null)
            {
                Assert.True(File.Exists(ServerDll), $"The sample server was not built at {ServerDll}.");
                var transport = new StdioClientTransport(new StdioClientTransportOptions
                {
                    Name = "mcp-file-server",
                    Command = "dotnet",
                    Arguments = [ServerDll, "--root", Root],
                    StandardErrorLines = ServerLog.Enqueue,
                });
                _client = await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
            }

            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _gate.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
