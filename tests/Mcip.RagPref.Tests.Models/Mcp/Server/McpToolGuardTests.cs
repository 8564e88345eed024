using Mcip.RagPref.Guard;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Mcp.Server;
using Mcip.RagPref.Tests.Mcp.Http;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;

namespace Mcip.RagPref.Tests.Mcp.Server;

public sealed class McpToolGuardTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InspectAsync_ScreeningSharedWithARequestThatIsCancelled_TheOtherRequestScreensAgain()
    {
        var guard = new ScriptedGuard(await DefaultGuard.GetAsync());
        int screenings = 0;
        guard.Script = (request, token) => Interlocked.Increment(ref screenings) == 1 ? guard.HangAsync(token) : null;
        var filter = new McpToolGuard(guard, new RagPrefMcpOptions(), ToolPinStore.Open(null), NullLogger.Instance, TimeProvider.System);
        var tool = new Tool { Name = "echo", Description = "Echo the given text back." };
        using var first = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        Task<ToolStanding> cancelled = filter.InspectAsync(tool, "server", first.Token).AsTask();
        await guard.HangStarted.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Task<ToolStanding> waiting = filter.InspectAsync(tool, "server", TestContext.Current.CancellationToken).AsTask();
        await first.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Deadline, TestContext.Current.CancellationToken));
        ToolStanding standing = await waiting.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.False(standing.Withheld);
        Assert.Null(standing.Evidence.Failure);
        Assert.Equal(2, screenings);
    }
}
