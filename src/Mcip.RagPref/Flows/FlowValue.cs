namespace Mcip.RagPref.Flows;

/// <summary>
/// A value of a tool call that directs its effect (a recipient, an account, a URL, a path, a command, an amount) and
/// where it first appeared in the conversation before the call.
/// </summary>
/// <param name="Kind">What the value is.</param>
/// <param name="ArgumentPath">The argument it was found in (<c>to</c>, <c>recipients[0]</c>, <c>message.body</c>).</param>
/// <param name="Value">The value as it appears in the call (a part of the argument when found inside a longer text).</param>
/// <param name="IsTarget">Whether the value directs where the call's effect goes at this sink (its recipient, destination
/// or command), as opposed to a detail such as an amount.</param>
/// <param name="Source">Where it came from: the most trusted source that contains it.</param>
/// <param name="SourceTool">The tool whose result it came from, when <paramref name="Source"/> is a tool result.</param>
/// <param name="SourceTurn">The index of the turn it first appeared in (oldest is 0), or -1 when it appeared nowhere.</param>
public sealed record FlowValue(
    FlowValueKind Kind,
    string ArgumentPath,
    string Value,
    bool IsTarget,
    FlowSourceKind Source,
    string? SourceTool,
    int SourceTurn)
{
    /// <summary>Gets whether the value came only from untrusted content (a tool result not marked trusted).</summary>
    public bool IsUntrusted => Source == FlowSourceKind.ToolResult;
}
