namespace Mcip.RagPref.Mcp;

/// <summary>How a tool's current description hash compares with its pin.</summary>
public enum McpToolPinOutcome
{
    /// <summary>The tool had no pin; it is pinned now.</summary>
    New,

    /// <summary>The tool matches its pin.</summary>
    Unchanged,

    /// <summary>The tool differs from its pin (a possible rug pull).</summary>
    Changed,
}
