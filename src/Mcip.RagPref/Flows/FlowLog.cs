using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Flows;

/// <summary>The guard's source-generated log events (category <c>Mcip.RagPref.Flows</c>).</summary>
internal static partial class FlowLog
{
    public const string Category = "Mcip.RagPref.Flows";

    [LoggerMessage(EventId = 100, EventName = "FlowRecorded", Level = LogLevel.Information,
        Message = "MCIP flow {Surface} {Tool}: {Sender} -> {Recipient} ({InformationType} about {DataSubject}, {TransmissionPrinciple}): {Verdict} by {Rule}")]
    public static partial void FlowRecorded(
        ILogger logger, string surface, string? tool, string sender, string recipient, string informationType, string dataSubject,
        string transmissionPrinciple, string verdict, string rule);

    [LoggerMessage(EventId = 101, EventName = "FlowAuditFailed", Level = LogLevel.Warning,
        Message = "The flow audit sink failed; the verdict stands and the record was not written to the sink")]
    public static partial void FlowAuditFailed(ILogger logger, Exception exception);
}
