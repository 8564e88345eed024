using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Mcp;

/// <summary>Settings of the client-side screening added by <see cref="RagPrefMcpClientExtensions"/>.</summary>
/// <remarks>Read when the tools are listed or wrapped; the callback may be invoked concurrently and must be thread-safe.</remarks>
public sealed class RagPrefMcpClientOptions
{
    /// <summary>
    /// Gets or sets the server name reported in events. Default <see langword="null"/>: the name the server gave in its
    /// implementation info (<c>McpClient.ServerInfo.Name</c>).
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Gets or sets a callback invoked for every flagged or blocked tool description and tool result. Default
    /// <see langword="null"/>. Exceptions it throws are logged and do not change the outcome.
    /// </summary>
    public Action<McpGuardEvent>? OnEvent { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the rendered text of every screened request is logged, at Trace level only.
    /// Default <see langword="false"/>: logs name tools, verdicts, scores and example ids, never request text.
    /// </summary>
    public bool LogRequestText { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a flagged tool result reaches the model marked: a notice in front of it says the
    /// result may carry injected instructions and is to be treated as data. Default <see langword="true"/>; with
    /// <see langword="false"/> a flagged result passes unchanged (the event is still reported).
    /// </summary>
    public bool MarkFlaggedOutputs { get; set; } = true;

    /// <summary>Gets or sets the logger events are written to. Default <see langword="null"/>: no logging.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Gets or sets the clock for event times. Default <see langword="null"/>: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
