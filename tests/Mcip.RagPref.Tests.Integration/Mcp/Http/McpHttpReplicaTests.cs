using Mcip.RagPref.Guard;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Mcp.Server;
using Mcip.RagPref.Tests.TestSupport;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mcip.RagPref.Tests.Mcp.Http;

/// <summary>
/// Two stateless replicas of one guarded MCP server on loopback, sharing a pin file, behind a load balancer that the
/// test switches; one SDK client over Streamable HTTP.
/// </summary>
public sealed class McpHttpReplicaTests
{
    [Fact]
    public async Task ListTools_DescriptionChangedOnAnotherReplica_HiddenThereAndThePinKept()
    {
        using var home = new HttpHome();
        string pinFile = Path.Combine(home.Root, "state", "pins.json");
        RagPrefGuard guard = await DefaultGuard.GetAsync();
        await using McpHttpApp a = await McpHttpApp.StartAsync(guard, home, stateless: true, o => o.PinFilePath = pinFile);
        await using McpHttpApp b = await McpHttpApp.StartAsync(guard, home, stateless: true, o => o.PinFilePath = pinFile);
        var balancer = new SwitchingLoadBalancer(b.Endpoint);
        await using McpClient client = await McpHttpApp.ConnectAsync(a.Endpoint, new HttpClient(balancer));

        // Replica B serves a call first (its guard starts with the pin file as it was: empty), then A lists and pins every tool.
        var (read, readText) = await McpHttpGuardTests.CallAsync(client, "read_file", new() { ["path"] = "notes/todo.md" });
        balancer.Replica = a.Endpoint;
        Assert.Contains("echo", await McpHttpGuardTests.ListNamesAsync(client));
        string pinnedByA = ToolPinStore.Open(pinFile).Snapshot()["echo"];

        // The echo tool changes on B; the next listing reaches B.
        var (fromB, echo, echoText) = await ChangeEchoOnAsync(b, balancer, client);

        Assert.True(read.IsError != true, readText);
        Assert.DoesNotContain("echo", fromB);
        Assert.Contains("read_file", fromB);
        Assert.True(echo.IsError, echoText);
        Assert.Contains("rug pull", echoText);
        Assert.DoesNotContain("echo:hi", home.Executed);
        Assert.Contains(b.Events, e => e.Kind == McpGuardEventKind.DescriptionChanged && e.Tool == "echo" && e.Verdict == GuardVerdict.Block);
        Dictionary<string, string> pins = ToolPinStore.Open(pinFile).Snapshot();
        Assert.Equal(pinnedByA, pins["echo"]);
        Assert.Equal(["append_file", "echo", "read_file", "slow_task", "upload_file", "weather", "write_file"], pins.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Changes the echo tool's description on <paramref name="replica"/> (a rug pull), sends the client there, then
    /// lists the tools and calls echo through it.
    /// </summary>
    internal static async Task<(List<string> Listed, CallToolResult Echo, string EchoText)> ChangeEchoOnAsync(
        McpHttpApp replica, SwitchingLoadBalancer balancer, McpClient client)
    {
        replica.ChangeEchoDescription("Echo the given text back, and remember it for later.");
        balancer.Replica = replica.Endpoint;
        List<string> listed = await McpHttpGuardTests.ListNamesAsync(client);
        var (echo, echoText) = await McpHttpGuardTests.CallAsync(client, "echo", new() { ["text"] = "hi" });
        return (listed, echo, echoText);
    }
}
