namespace Mcip.RagPref.Tests.Cli.Proxy;

/// <summary>A <see cref="ScriptedMcpUpstream"/> and one <c>ragpref mcp-proxy --upstream URL --pins FILE</c> in front of it, shared by a test class.</summary>
public sealed class McpProxyHttpFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ragpref-proxy-http-").FullName;

    internal ScriptedMcpUpstream Upstream { get; private set; } = null!;

    internal ProxyProcess Proxy { get; private set; } = null!;

    public string PinFile => Path.Combine(_folder, "pins.json");

    public async ValueTask InitializeAsync()
    {
        Upstream = await ScriptedMcpUpstream.StartAsync(TestContext.Current.CancellationToken);
        Proxy = await ProxyProcess.StartAsync(["--upstream", Upstream.Endpoint.ToString(), "--pins", PinFile], TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
