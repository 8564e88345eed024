using Mcip.RagPref.Guard;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Postgres;
using Mcip.RagPref.Tests.Mcp.Http;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace Mcip.RagPref.Tests.Postgres;

/// <summary>
/// Two stateless replicas of one guarded MCP server over Streamable HTTP whose tool pins live in PostgreSQL (no shared
/// file), one SDK client behind a load balancer the test switches: a rug pull seen on one replica is caught against the
/// pin the other recorded.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class McpPostgresPinTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ListTools_PinnedByOneReplicaChangedOnTheOther_HiddenAndThePinKeptInTheDatabase()
    {
        string connection = await postgres.CreateDatabaseAsync();
        await using var replicaA = new RagPrefPostgresReplica(Options.Create(new RagPrefPostgresOptions { ConnectionString = connection }));
        await using var replicaB = new RagPrefPostgresReplica(Options.Create(new RagPrefPostgresOptions { ConnectionString = connection }));
        using var home = new HttpHome();
        RagPrefGuard guard = await DefaultGuard.GetAsync();
        await using McpHttpApp a = await McpHttpApp.StartAsync(guard, home, stateless: true, services: s => s.AddSingleton<IMcpToolPinStore>(new PostgresToolPinStore(replicaA)));
        await using McpHttpApp b = await McpHttpApp.StartAsync(guard, home, stateless: true, services: s => s.AddSingleton<IMcpToolPinStore>(new PostgresToolPinStore(replicaB)));
        var balancer = new SwitchingLoadBalancer(a.Endpoint);
        await using McpClient client = await McpHttpApp.ConnectAsync(a.Endpoint, new HttpClient(balancer));

        Assert.Contains("echo", await McpHttpGuardTests.ListNamesAsync(client));
        List<string> pinnedByA = await PostgresFixture.QueryAsync<string>(connection, "SELECT hash FROM ragpref.tool_pins WHERE tool = 'echo'");
        var (fromB, echo, echoText) = await McpHttpReplicaTests.ChangeEchoOnAsync(b, balancer, client);

        Assert.DoesNotContain("echo", fromB);
        Assert.Contains("read_file", fromB);
        Assert.True(echo.IsError, echoText);
        Assert.Contains("rug pull", echoText);
        Assert.DoesNotContain("echo:hi", home.Executed);
        Assert.Contains(b.Events, e => e.Kind == McpGuardEventKind.DescriptionChanged && e.Tool == "echo" && e.Verdict == GuardVerdict.Block);
        Assert.Equal(pinnedByA, await PostgresFixture.QueryAsync<string>(connection, "SELECT hash FROM ragpref.tool_pins WHERE tool = 'echo'"));
    }
}
