namespace Mcip.RagPref.Mcp;

/// <summary>What the server filter does with a pinned tool whose description changed (a possible rug pull).</summary>
public enum McpDescriptionChangeAction
{
    /// <summary>
    /// Withhold the tool: leave it out of tool lists and refuse calls to it, and keep the original pin, so it stays
    /// withheld until an operator removes its pin (edit or delete the pin file, or restart without one). The default.
    /// </summary>
    Hide,

    /// <summary>Record the change, keep serving the tool and pin the new description.</summary>
    Flag,
}
