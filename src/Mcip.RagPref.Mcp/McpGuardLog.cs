using Mcip.RagPref.Requests;
using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Mcp;

/// <summary>Source-generated log messages of the MCP integration (event ids 6100-6199). Request text only at Trace.</summary>
internal static partial class McpGuardLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "MCP guard event {Kind} for tool '{Tool}' on server '{Server}': verdict {Verdict}, score {Score}, examples [{ExampleIds}]. {Reason}")]
    public static partial void Event(ILogger logger, McpGuardEventKind kind, string tool, string? server, GuardVerdict verdict, float score, string exampleIds, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Trace, Message = "MCP guard screened {Surface} for tool '{Tool}': verdict {Verdict}, score {Score}; rendered text: {Text}")]
    public static partial void Screened(ILogger logger, GuardSurface surface, string tool, GuardVerdict verdict, float score, string text);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Error, Message = "The MCP guard event callback threw while reporting {Kind} for tool '{Tool}'; the outcome is unchanged.")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, McpGuardEventKind kind, string tool);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "The guard threw while screening {Surface} for tool '{Tool}' on server '{Server}'; the MCP filter fails closed (the call is refused or the tool withheld).")]
    public static partial void GuardFailed(ILogger logger, Exception exception, GuardSurface surface, string tool, string? server);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Debug, Message = "MCP guard pinned tool '{Tool}' (sha256 {Hash}).")]
    public static partial void Pinned(ILogger logger, string tool, string hash);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "The MCP guard proxy could not pass on {Method}: {Message}")]
    public static partial void RelayFailed(ILogger logger, string method, string message);
}
