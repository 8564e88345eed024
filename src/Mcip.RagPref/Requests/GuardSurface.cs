namespace Mcip.RagPref.Requests;

/// <summary>
/// The place in an agent's exchange that a <c>GuardRequest</c> screens. Each surface renders to
/// text differently and can carry its own verdict policy.
/// </summary>
public enum GuardSurface
{
    /// <summary>Text a user sent to the assistant.</summary>
    UserPrompt = 0,

    /// <summary>A call the assistant is about to make to an MCP tool: server, tool name and JSON arguments.</summary>
    ToolCall = 1,

    /// <summary>Text a tool returned to the assistant (may be long: it is windowed, never truncated).</summary>
    ToolOutput = 2,

    /// <summary>A tool a server advertises: its name, description and input schema.</summary>
    ToolDescription = 3,
}
