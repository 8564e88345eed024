namespace Mcip.RagPref.Flows;

/// <summary>Receives the MCIP flow record of every guarded exchange (see <see cref="FlowOptions.AuditSink"/>).</summary>
/// <remarks>Implementations must be thread-safe: guards call <see cref="Write"/> from many requests at once. A sink that throws
/// does not change the verdict; the failure is reported on the guard's activity.</remarks>
public interface IFlowAuditSink
{
    /// <summary>Records one flow.</summary>
    /// <param name="record">The record.</param>
    void Write(FlowRecord record);
}
