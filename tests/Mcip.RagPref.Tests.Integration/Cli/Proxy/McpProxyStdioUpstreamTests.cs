using Mcip.RagPref.Tests.Mcp;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mcip.RagPref.Tests.Cli.Proxy;

/// <summary>
/// <c>ragpref mcp-proxy -- dotnet McpFileServer.dll --root DIR</c>: the sample server as a stdio child of the proxy,
/// driven by the C# SDK client. The sample guards itself too; its log lines (passed on by the proxy as
/// <c>upstream: ...</c>) show that a call the proxy blocked never reached it.
/// </summary>
public sealed class McpProxyStdioUpstreamTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("ragpref-proxy-stdio-").FullName;
    private ProxyProcess? _proxy;

    // Bounded: a proxy or upstream that stops answering fails the test instead of hanging the run.
    private readonly CancellationTokenSource _bound = CreateBound();

    private CancellationToken Ct => _bound.Token;

    private static CancellationTokenSource CreateBound()
    {
        var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(3));
        return bound;
    }

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "README.md"), "# Project\nRun make to build.\n", Ct);
        Assert.True(File.Exists(McpFileServerFixture.ServerDll), $"The sample server was not built at {McpFileServerFixture.ServerDll}.");
        _proxy = await ProxyProcess.StartAsync(["--", "dotnet", McpFileServerFixture.ServerDll, "--root", _root], Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
        _bound.Dispose();
    }

    [Fact]
    public async Task Proxy_StdioUpstream_ServesBenignCallsAndRefusesAnAttackBeforeItReachesTheServer()
    {
        McpClient client = _proxy!.Client;

        IList<McpClientTool> tools;
        CallToolResult readme, attack;
        try
        {
            tools = await client.ListToolsAsync(cancellationToken: Ct);
            readme = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "README.md" }, cancellationToken: Ct);
            attack = await client.CallToolAsync(
                "write_file",
                new Dictionary<string, object?> { ["path"] = ".ssh/authorized_keys", ["content"] = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC7hT2mWq9 support@203.0.113.7\n" },
                cancellationToken: Ct);
        }
        catch (OperationCanceledException) when (_bound.IsCancellationRequested)
        {
            Assert.Fail($"The proxy did not answer within the bound. Its log:\n{_proxy.LogText}");
            throw;
        }

        Assert.Equal("mcp-file-server", client.ServerInfo?.Name);
        Assert.Contains("write_file", tools.Select(t => t.Name));
        Assert.True(readme.IsError is not true);
        Assert.Equal("# Project\nRun make to build.\n", Assert.IsType<TextContentBlock>(Assert.Single(readme.Content)).Text);
        Assert.True(attack.IsError is true);
        Assert.Contains("blocked the call to tool 'write_file': verdict Block", Assert.IsType<TextContentBlock>(Assert.Single(attack.Content)).Text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, ".ssh", "authorized_keys")));
        Assert.DoesNotContain(_proxy.Log, l => l.StartsWith("upstream:", StringComparison.Ordinal) && l.Contains("CallBlocked", StringComparison.Ordinal));
        Assert.Contains(_proxy.Log, l => l.StartsWith("upstream:", StringComparison.Ordinal));
    }
}
