
namespace Mcip.RagPref.Mcp;

/// <summary>
/// One thing the MCP guard did that an operator should know about: a flagged or blocked tool call, description or
/// result, a refused call to a withheld tool, or a changed tool description. Request text is never included.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Server">The MCP server name, when known.</param>
/// <param name="Tool">The tool concerned.</param>
/// <param name="Verdict">
/// The verdict applied: the guard's verdict for screened calls, descriptions and results; <see cref="GuardVerdict.Block"/>
/// for refused calls and for changed descriptions that were withheld, <see cref="GuardVerdict.Flag"/> for changed
/// descriptions that were kept.
/// </param>
/// <param name="Score">The guard's score for the screened text (for a changed description, the new description's score).</param>
/// <param name="ExampleIds">The ids of the nearest attack examples, most similar first.</param>
/// <param name="Categories">The distinct categories of those examples, in the same order.</param>
/// <param name="Time">When it happened (from the host's <see cref="TimeProvider"/>).</param>
/// <param name="Reason">A one-line explanation for people (tool name, verdict, score, matched examples); no request text.</param>
public sealed record McpGuardEvent(
    McpGuardEventKind Kind,
    string? Server,
    string Tool,
    GuardVerdict Verdict,
    float Score,
    IReadOnlyList<string> ExampleIds,
    IReadOnlyList<string> Categories,
    DateTimeOffset Time,
    string Reason);
