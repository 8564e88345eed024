namespace Mcip.RagPref.Mcp;

/// <summary>Settings of the MCP server filters registered by <c>WithRagPrefGuard</c>.</summary>
/// <remarks>
/// Read once, when the filters first run; configure them before the host starts. The callback in
/// <see cref="OnEvent"/> may be invoked from several requests at once and must be thread-safe.
/// </remarks>
public sealed class RagPrefMcpOptions
{
    /// <summary>
    /// Gets or sets the server name passed to the guard with each tool call (<c>GuardRequest.Server</c>) and reported in
    /// events. Default <see langword="null"/>: the name from the server's implementation info
    /// (<c>McpServerOptions.ServerInfo.Name</c>) when the host configured one, else no name. A value set here takes
    /// precedence over the implementation info.
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Gets or sets what happens to a pinned tool whose name, description or input schema changed since it was first
    /// seen (a possible rug pull). Default <see cref="McpDescriptionChangeAction.Hide"/>: the safer choice, since a
    /// description the client's model has already trusted is being replaced by one nobody reviewed.
    /// </summary>
    public McpDescriptionChangeAction OnDescriptionChanged { get; set; } = McpDescriptionChangeAction.Hide;

    /// <summary>
    /// Gets or sets the JSON file the tool pins persist to, so a restarted server still recognises a changed tool.
    /// Default <see langword="null"/>: pins live in memory only and every tool is pinned afresh at each start.
    /// The file is written atomically (temporary file, then rename) after every new pin; a file that exists but
    /// cannot be read makes start-up fail with a message naming it. Several processes may share one file, for example
    /// the replicas of a stateless Streamable HTTP server: a tool one replica pinned is recognised as changed by the
    /// others, and updates are serialised through a sibling lock file (<c>&lt;file&gt;.lock</c>, left in place).
    /// </summary>
    public string? PinFilePath { get; set; }

    /// <summary>
    /// Gets or sets a callback invoked for every flagged or blocked call and description, every refused call and every
    /// changed description. Default <see langword="null"/> (events are still logged). Exceptions it throws are logged
    /// and do not change the outcome.
    /// </summary>
    public Action<McpGuardEvent>? OnEvent { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the rendered text of every screened request is logged, at Trace level only.
    /// Default <see langword="false"/>: logs name tools, verdicts, scores and example ids, never request text.
    /// </summary>
    public bool LogRequestText { get; set; }
}
