using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Mcp;

/// <summary>Settings of a <see cref="RagPrefMcpProxy"/>.</summary>
/// <remarks>Read once, by the proxy's constructor. The callback in <see cref="OnEvent"/> may be invoked from several requests at once and must be thread-safe.</remarks>
public sealed class RagPrefMcpProxyOptions
{
    /// <summary>
    /// Gets or sets the server name passed to the guard with each tool call and reported in events. Default
    /// <see langword="null"/>: the name the upstream gave in its implementation info (<c>McpClient.ServerInfo.Name</c>).
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Gets or sets what happens to a pinned tool whose name, description or input schema changed since it was first
    /// seen (a possible rug pull). Default <see cref="McpDescriptionChangeAction.Hide"/>, as for the server filters
    /// (<see cref="RagPrefMcpOptions.OnDescriptionChanged"/>).
    /// </summary>
    public McpDescriptionChangeAction OnDescriptionChanged { get; set; } = McpDescriptionChangeAction.Hide;

    /// <summary>
    /// Gets or sets the JSON file the tool pins persist to, so a restarted proxy still recognises a changed tool.
    /// Default <see langword="null"/>: pins live in memory only. Written and shared as <see cref="RagPrefMcpOptions.PinFilePath"/>.
    /// </summary>
    public string? PinFilePath { get; set; }

    /// <summary>
    /// Gets or sets a callback invoked for every flagged or blocked call, result, description and the upstream's
    /// instructions, every refused call and every changed description. Default <see langword="null"/> (events are
    /// still logged). Exceptions it throws are logged and do not change the outcome.
    /// </summary>
    public Action<McpGuardEvent>? OnEvent { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the rendered text of every screened request is logged, at Trace level only.
    /// Default <see langword="false"/>: logs name tools, verdicts, scores and example ids, never request text.
    /// </summary>
    public bool LogRequestText { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a flagged tool result reaches the client marked: a notice in front of it
    /// says the result may carry injected instructions and is to be treated as data. Default <see langword="true"/>;
    /// with <see langword="false"/> a flagged result passes unchanged (the event is still reported). Blocked results are
    /// always replaced by an error result.
    /// </summary>
    public bool MarkFlaggedOutputs { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether a flagged tool call is refused like a blocked one instead of forwarded.
    /// Default <see langword="false"/>: flagged calls are forwarded (and reported).
    /// </summary>
    public bool RefuseFlaggedCalls { get; set; }

    /// <summary>Gets or sets the logger events and relay failures are written to. Default <see langword="null"/>: no logging.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Gets or sets the clock for event times. Default <see langword="null"/>: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
