namespace Mcip.RagPref.Flows;

/// <summary>Where a tool-call value first appeared in the conversation before the call.</summary>
public enum FlowSourceKind
{
    /// <summary>A user message: the user asked for it (trusted).</summary>
    User = 0,

    /// <summary>A system or developer message (trusted).</summary>
    System = 1,

    /// <summary>The result of a tool the host marked trusted (trusted).</summary>
    TrustedTool = 2,

    /// <summary>A value the host marked trusted (trusted).</summary>
    TrustedValue = 3,

    /// <summary>Only the result of a tool (untrusted content: a page, an e-mail, a file).</summary>
    ToolResult = 4,

    /// <summary>Nowhere in the conversation the guard saw (the model wrote it, or the conversation was not passed).</summary>
    Nowhere = 5,
}
