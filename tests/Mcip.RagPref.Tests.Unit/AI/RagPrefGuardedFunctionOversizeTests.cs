using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.AI;

/// <summary>A tool output too large to screen whole is screened in part and judged, not thrown back (issue #13).</summary>
public sealed class RagPrefGuardedFunctionOversizeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvokeAsync_ToolOutputAbove256Windows_IsFlaggedNotThrown()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(cancellationToken: Token);
        string content = string.Concat(Enumerable.Repeat("The quarterly report shows steady growth in the north. ", 1_000));
        AIFunction readFile = AIFunctionFactory.Create((string path) => content, "read_file", "Reads a file.");
        var verdicts = new List<GuardResult>();
        RagPrefGuardedFunction function = readFile.WithRagPrefGuard(guard, o => o.OnVerdict = verdicts.Add);

        await function.InvokeAsync(new AIFunctionArguments { ["path"] = "report.txt" }, Token);

        GuardResult output = Assert.Single(verdicts, v => v.Surface == GuardSurface.ToolOutput);
        Assert.True(output.Oversize);
        Assert.Equal(GuardVerdict.Flag, output.Verdict);
    }
}
