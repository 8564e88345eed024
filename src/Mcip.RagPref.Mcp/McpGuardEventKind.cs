namespace Mcip.RagPref.Mcp;

/// <summary>What a <see cref="McpGuardEvent"/> records.</summary>
public enum McpGuardEventKind
{
    /// <summary>A tool call the guard flagged; the call went through.</summary>
    CallFlagged,

    /// <summary>A tool call the guard blocked; the tool was not run and the client received a tool error.</summary>
    CallBlocked,

    /// <summary>A call to a tool that is withheld (its description was blocked or changed); the tool was not run.</summary>
    CallRefused,

    /// <summary>An advertised tool description the guard flagged; the tool stays listed.</summary>
    DescriptionFlagged,

    /// <summary>An advertised tool description the guard blocked (a poisoned description); the tool is withheld.</summary>
    DescriptionBlocked,

    /// <summary>
    /// A pinned tool whose name, description or input schema changed since it was first seen (a possible rug pull);
    /// the tool is withheld or kept according to <see cref="RagPrefMcpOptions.OnDescriptionChanged"/>.
    /// </summary>
    DescriptionChanged,

    /// <summary>A tool result the client-side wrapper flagged; the result reached the model.</summary>
    OutputFlagged,

    /// <summary>A tool result the client-side wrapper blocked; the model received a refusal instead of the content.</summary>
    OutputBlocked,
}
