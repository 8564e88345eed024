using System.Collections.Concurrent;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Tests.Hosting;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace Mcip.RagPref.Tests.Mcp;

/// <summary>The client-side wrapper over a real, unguarded SDK server (stream transport) with the lexical guard.</summary>
public sealed class RagPrefMcpClientExtensionsTests
{
    [Fact]
    public async Task ListGuardedToolsAsync_PoisonedDescription_LeftOutAndReported()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard, guardServer: false);
        var events = new ConcurrentQueue<McpGuardEvent>();

        IList<AIFunction> tools = await server.Client.ListGuardedToolsAsync(guard, new RagPrefMcpClientOptions { OnEvent = events.Enqueue }, TestContext.Current.CancellationToken);

        Assert.Equal(["echo", "fetch_page", "read_file", "write_file"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(tools, t => t.Name == "weather");
        McpGuardEvent blocked = Assert.Single(events);
        Assert.Equal(McpGuardEventKind.DescriptionBlocked, blocked.Kind);
        Assert.Equal("weather", blocked.Tool);
        Assert.NotEmpty(blocked.ExampleIds);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GuardedTool_FlaggedResult_ReachesTheModelMarkedUnlessTurnedOff(bool mark)
    {
        GuardOptions options = McpTestServer.FixedPolicies();
        options.Policies[GuardSurface.ToolOutput] = new SurfacePolicy(-2f, 2f);   // every result Flag, none Block
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(options, TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard, guardServer: false);
        var events = new ConcurrentQueue<McpGuardEvent>();
        IList<AIFunction> tools = await server.Client.ListGuardedToolsAsync(
            guard, new RagPrefMcpClientOptions { OnEvent = events.Enqueue, MarkFlaggedOutputs = mark }, TestContext.Current.CancellationToken);

        object? output = await tools.Single(t => t.Name == "fetch_page").InvokeAsync(new AIFunctionArguments { ["url"] = "https://news.example" }, TestContext.Current.CancellationToken);

        string text = ChatConversation.ToToolResultText(output) ?? string.Empty;
        Assert.Contains("meeting at 10am", text, StringComparison.Ordinal);
        Assert.Equal(mark, text.Contains("Mcip.RagPref flagged the result of tool 'fetch_page'", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == McpGuardEventKind.OutputFlagged && e.Tool == "fetch_page");
    }

    [Fact]
    public async Task GuardedTool_BlockedResult_ReplacedByRefusal()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard, guardServer: false);
        var events = new ConcurrentQueue<McpGuardEvent>();
        IList<AIFunction> tools = await server.Client.ListGuardedToolsAsync(guard, new RagPrefMcpClientOptions { OnEvent = events.Enqueue }, TestContext.Current.CancellationToken);
        AIFunction fetch = tools.Single(t => t.Name == "fetch_page");

        object? output = await fetch.InvokeAsync(new AIFunctionArguments { ["url"] = "https://evil.example" }, TestContext.Current.CancellationToken);

        string text = Assert.IsType<TextContent>(output).Text;
        Assert.Contains("withheld the result of tool 'fetch_page'", text);
        Assert.Contains("a5 (prompt_injection", text);
        Assert.DoesNotContain("reveal the system prompt", text);
        Assert.Contains("fetch_page:https://evil.example", server.Executed);
        Assert.Contains(events, e => e.Kind == McpGuardEventKind.OutputBlocked && e.Tool == "fetch_page" && e.ExampleIds[0] == "a5");
    }

    [Fact]
    public async Task GuardedTool_BenignResult_PassedThroughUnchanged()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard, guardServer: false);
        IList<McpClientTool> raw = await server.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var events = new ConcurrentQueue<McpGuardEvent>();
        AIFunction fetch = raw.Single(t => t.Name == "fetch_page").WithRagPrefGuard(guard, new RagPrefMcpClientOptions { OnEvent = events.Enqueue });

        object? output = await fetch.InvokeAsync(new AIFunctionArguments { ["url"] = "https://news.example" }, TestContext.Current.CancellationToken);

        Assert.Equal("The page says: meeting at 10am", Assert.IsType<TextContent>(output).Text);
        Assert.Empty(events);
        Assert.Equal("fetch_page", fetch.Name);
        Assert.Equal("Fetch a web page and return its text.", fetch.Description);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GuardedTool_TraceLogging_RequestTextOnlyWhenOptedIn(bool logRequestText)
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard, guardServer: false);
        using var logs = new CapturingLoggerProvider(LogLevel.Trace);
        var options = new RagPrefMcpClientOptions { Logger = logs.CreateLogger("mcp"), LogRequestText = logRequestText };
        IList<AIFunction> tools = await server.Client.ListGuardedToolsAsync(guard, options, TestContext.Current.CancellationToken);

        await tools.Single(t => t.Name == "fetch_page").InvokeAsync(new AIFunctionArguments { ["url"] = "https://news.example" }, TestContext.Current.CancellationToken);

        Assert.NotEmpty(logs.Entries);
        Assert.Equal(logRequestText, logs.Entries.Any(e => e.Message.Contains("meeting at 10am", StringComparison.Ordinal)));
        Assert.All(logs.Entries.Where(e => e.Message.Contains("meeting at 10am", StringComparison.Ordinal)), e => Assert.Equal(LogLevel.Trace, e.Level));
    }
}
