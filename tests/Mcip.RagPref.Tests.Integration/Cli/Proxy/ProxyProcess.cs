using System.Collections.Concurrent;
using Mcip.RagPref.Tests.TestSupport;
using ModelContextProtocol.Client;

namespace Mcip.RagPref.Tests.Cli.Proxy;

/// <summary>Runs the built <c>ragpref mcp-proxy</c> as a child process (<c>dotnet ragpref.dll</c>) and connects the C# SDK client to it over stdio.</summary>
internal sealed class ProxyProcess : IAsyncDisposable
{
    private ProxyProcess(McpClient client, ConcurrentQueue<string> log)
    {
        Client = client;
        Log = log;
    }

    public McpClient Client { get; }

    /// <summary>What the proxy wrote to stderr (its own lines and the upstream's, prefixed <c>upstream: </c>).</summary>
    public ConcurrentQueue<string> Log { get; }

    public string LogText => string.Join('\n', Log);

    public static async Task<ProxyProcess> StartAsync(IEnumerable<string> proxyArguments, CancellationToken cancellationToken)
    {
        Assert.True(File.Exists(SharedAssets.RagprefDll), $"The ragpref CLI was not built at {SharedAssets.RagprefDll}.");
        var log = new ConcurrentQueue<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "ragpref-mcp-proxy",
            Command = "dotnet",
            Arguments = [SharedAssets.RagprefDll, "mcp-proxy", .. proxyArguments],
            StandardErrorLines = log.Enqueue,
        });
        try
        {
            // The proxy answers once it has started its upstream and screened the upstream's tools: two .NET processes
            // and a model load, which on a loaded 2-core machine can take longer than the SDK's default 60 s.
            McpClient client = await McpClient.CreateAsync(
                transport, new McpClientOptions { InitializationTimeout = TimeSpan.FromMinutes(3) }, cancellationToken: cancellationToken);
            return new ProxyProcess(client, log);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"The proxy did not start: {ex.Message}\n{string.Join('\n', log)}", ex);
        }
    }

    public async ValueTask DisposeAsync() => await Client.DisposeAsync();
}
