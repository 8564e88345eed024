using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Mcp;

/// <summary>
/// Screens the text of a protocol tool result as tool output for the guarding proxy, which answers in MCP result blocks
/// rather than through <see cref="RagPrefGuardedFunction"/> (as the client tools do); the decision and its words are
/// the shared ones (<see cref="ToolScreening.Refuses"/>, <see cref="McpToolVerdicts"/>, <see cref="ToolScreening.FlaggedNotice"/>).
/// </summary>
/// <remarks>Thread-safe as long as the guard and the event callback are.</remarks>
internal sealed class ToolOutputScreen
{
    private readonly IRagPrefGuard _guard;
    private readonly McpEventSink _events;
    private readonly bool _markFlagged;

    public ToolOutputScreen(IRagPrefGuard guard, McpEventSink events, bool markFlagged)
    {
        _guard = guard;
        _events = events;
        _markFlagged = markFlagged;
    }

    /// <summary>Screens <paramref name="text"/>, the output of <paramref name="tool"/>, and reports a flag or block.</summary>
    /// <param name="server">The server name for events, or <see langword="null"/>.</param>
    /// <param name="tool">The tool that produced the output.</param>
    /// <param name="text">The output's text (not empty).</param>
    /// <param name="cancellationToken">Cancels screening.</param>
    /// <returns>The verdict and the texts that replace or mark the output.</returns>
    public async Task<ToolOutputDecision> ScreenAsync(string? server, string tool, string text, CancellationToken cancellationToken)
    {
        GuardRequest request = GuardRequest.ToolOutput(text, tool);
        GuardResult result = await _guard.GuardAsync(request, cancellationToken).ConfigureAwait(false);
        McpToolVerdicts.Report(_events, server, request, result);
        if (ToolScreening.Refuses(result))
        {
            return new ToolOutputDecision(result, McpToolVerdicts.Refusal(tool, result), null);
        }

        return new ToolOutputDecision(result, null, result.Verdict == GuardVerdict.Flag && _markFlagged ? ToolScreening.FlaggedNotice(tool, result) : null);
    }
}
