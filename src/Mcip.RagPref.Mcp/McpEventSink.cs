using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Mcp;

/// <summary>Creates <see cref="McpGuardEvent"/>s, logs them and hands them to the configured callback.</summary>
/// <remarks>Thread-safe as long as the callback is.</remarks>
internal sealed class McpEventSink
{
    private readonly Action<McpGuardEvent>? _callback;
    private readonly TimeProvider _time;
    private readonly bool _logRequestText;

    public McpEventSink(Action<McpGuardEvent>? callback, ILogger logger, TimeProvider time, bool logRequestText)
    {
        _callback = callback;
        _logRequestText = logRequestText;
        Logger = logger;
        _time = time;
    }

    /// <summary>Gets the logger events and screenings are written to.</summary>
    public ILogger Logger { get; }

    /// <summary>Logs a screening at Trace (with the rendered text) when Trace is enabled.</summary>
    public void Screened(GuardRequest request, GuardResult result)
    {
        if (_logRequestText && Logger.IsEnabled(LogLevel.Trace))
        {
            McpGuardLog.Screened(Logger, request.Surface, request.ToolName ?? string.Empty, result.Verdict, result.Score, request.RenderedText);
        }
    }

    /// <summary>Records an event whose evidence is a guard result.</summary>
    public McpGuardEvent Report(McpGuardEventKind kind, string? server, string tool, GuardVerdict verdict, GuardResult evidence, string reason) =>
        Report(new McpGuardEvent(
            kind,
            server,
            tool,
            verdict,
            evidence.Score,
            GuardEvidence.ExampleIds(evidence),
            GuardEvidence.Categories(evidence),
            _time.GetUtcNow(),
            reason));

    private McpGuardEvent Report(McpGuardEvent guardEvent)
    {
        McpGuardLog.Event(Logger, guardEvent.Kind, guardEvent.Tool, guardEvent.Server, guardEvent.Verdict, guardEvent.Score, string.Join(", ", guardEvent.ExampleIds), guardEvent.Reason);
        if (_callback is not null)
        {
            try
            {
                _callback(guardEvent);
            }
#pragma warning disable CA1031 // A failing event sink must not change what the guard decided.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                McpGuardLog.CallbackFailed(Logger, ex, guardEvent.Kind, guardEvent.Tool);
            }
        }

        return guardEvent;
    }
}
