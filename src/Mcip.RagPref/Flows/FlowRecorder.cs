using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.Logging;
using static Mcip.RagPref.Flows.FlowFinding;

namespace Mcip.RagPref.Flows;

/// <summary>
/// Makes the MCIP flow record of a screened request (sender, recipient, data subject, information type, transmission
/// principle, verdict and the rule that decided it) and emits it: as an activity event, a log event and to the audit sink.
/// </summary>
/// <remarks>Thread-safe: it holds only the guard's options and logger.</remarks>
internal sealed class FlowRecorder
{
    private readonly FlowOptions _flows;
    private readonly ILogger? _flowLogger;

    /// <summary>Creates the recorder over the guard's (already copied) flow options; logs to <see cref="FlowLog.Category"/> when given a logger factory.</summary>
    public FlowRecorder(FlowOptions flows, ILoggerFactory? loggerFactory)
    {
        _flows = flows;
        _flowLogger = loggerFactory?.CreateLogger(FlowLog.Category);
    }

    /// <summary>Builds the flow assessment (with its MCIP record) of a finished request, and emits the record.</summary>
    public FlowAssessment? Record(GuardRequest request, FlowRuling? assessed, GuardVerdict verdict, GuardVerdict retrievalVerdict, Activity? activity)
    {
        FlowOptions flows = _flows;
        if (!flows.Enabled)
        {
            return null;
        }

        FlowPlan? plan = assessed?.Plan;
        string rule = verdict == GuardVerdict.Allow ? (retrievalVerdict != GuardVerdict.Allow ? UserDirectedRule : "none")
            : assessed is { Verdict: var fv } && fv >= verdict && fv > retrievalVerdict ? FirstRule(assessed.Findings, verdict)
            : "retrieval";
        var record = new FlowRecord
        {
            Timestamp = DateTimeOffset.UtcNow,
            Surface = request.Surface,
            Tool = request.ToolName,
            Sender = request.Surface switch
            {
                GuardSurface.UserPrompt => "user",
                GuardSurface.ToolCall => "assistant",
                GuardSurface.ToolOutput => request.ToolName is null ? "tool" : "tool:" + request.ToolName,
                _ => "server",
            },
            Recipient = request.Surface == GuardSurface.ToolCall ? CallRecipient(request, plan, flows.RecordValues) : "assistant",
            DataSubject = "user",
            InformationType = request.Surface switch
            {
                GuardSurface.UserPrompt => "prompt",
                GuardSurface.ToolOutput => "tool-output",
                GuardSurface.ToolDescription => "tool-description",
                _ => InformationType(plan?.Sink ?? FlowSinkKind.None),
            },
            TransmissionPrinciple = request.Surface switch
            {
                GuardSurface.UserPrompt => "user-request",
                GuardSurface.ToolOutput => "tool-result",
                GuardSurface.ToolDescription => "tool-advertisement",
                _ => Principle(plan),
            },
            Verdict = verdict,
            Rule = rule,
            Sink = plan?.Sink ?? FlowSinkKind.None,
        };
        Emit(record, activity);
        return new FlowAssessment
        {
            Sink = record.Sink,
            Values = plan?.Values ?? [],
            Findings = assessed?.Findings ?? [],
            Verdict = assessed?.Verdict ?? GuardVerdict.Allow,
            HadContext = request.Context.Count > 0,
            ContextTruncated = plan?.ContextTruncated ?? false,
            Record = record,
        };
    }

    private void Emit(FlowRecord record, Activity? activity)
    {
        activity?.AddEvent(new ActivityEvent("mcip.flow", tags: new ActivityTagsCollection
        {
            ["mcip.flow.sender"] = record.Sender,
            ["mcip.flow.recipient"] = record.Recipient,
            ["mcip.flow.data_subject"] = record.DataSubject,
            ["mcip.flow.information_type"] = record.InformationType,
            ["mcip.flow.transmission_principle"] = record.TransmissionPrinciple,
            ["mcip.flow.verdict"] = GuardNames.Verdict(record.Verdict),
            ["mcip.flow.rule"] = record.Rule,
        }));
        if (_flowLogger is { } logger && logger.IsEnabled(LogLevel.Information))
        {
            string surface = GuardNames.Surface(record.Surface);
            string verdict = GuardNames.Verdict(record.Verdict);
            FlowLog.FlowRecorded(
                logger, surface, record.Tool, record.Sender, record.Recipient, record.InformationType, record.DataSubject, record.TransmissionPrinciple, verdict, record.Rule);
        }

        if (_flows.AuditSink is { } sink)
        {
            try
            {
                sink.Write(record);
            }
#pragma warning disable CA1031 // An audit sink's failure must not change or lose the verdict; it is logged and traced.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                activity?.AddTag("mcip.flow.audit_error", ex.GetType().Name);
                if (_flowLogger is { } failed)
                {
                    FlowLog.FlowAuditFailed(failed, ex);
                }
            }
        }
    }

    private static string FirstRule(List<FlowFinding> findings, GuardVerdict verdict)
    {
        foreach (FlowFinding finding in findings)
        {
            if (finding.Verdict == verdict)
            {
                return finding.Rule;
            }
        }

        return findings.Count > 0 ? findings[0].Rule : "retrieval";
    }

    private static string CallRecipient(GuardRequest request, FlowPlan? plan, bool clear)
    {
        if (plan is not null)
        {
            foreach (FlowValue value in plan.Values)
            {
                if (value.IsTarget)
                {
                    return FlowRecordJson.KindName(value.Kind) + ":" + (clear ? value.Value : Hash(value.Value));
                }
            }
        }

        return "tool:" + request.ToolName;
    }

    private static string Principle(FlowPlan? plan)
    {
        if (plan is null)
        {
            return "tool-call";
        }

        bool anyTarget = false;
        bool nowhere = false;
        foreach (FlowValue value in plan.Values)
        {
            if (!value.IsTarget)
            {
                continue;
            }

            anyTarget = true;
            if (value.Source == FlowSourceKind.ToolResult)
            {
                return "directed-by-tool-output";
            }

            nowhere |= value.Source == FlowSourceKind.Nowhere;
        }

        return !plan.HadContext ? "no-context" : nowhere ? "unattributed" : anyTarget ? "user-directed" : "user-request";
    }

    private static string InformationType(FlowSinkKind sink) => sink switch
    {
        FlowSinkKind.Send => "message",
        FlowSinkKind.Transfer => "payment",
        FlowSinkKind.Share => "share",
        FlowSinkKind.Post => "publication",
        FlowSinkKind.Write => "file",
        FlowSinkKind.Execute => "command",
        FlowSinkKind.Permissions => "permission",
        _ => "tool-call",
    };

    private static string Hash(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value.Trim().ToLowerInvariant()), hash);
        return "sha256:" + Convert.ToHexStringLower(hash[..6]);
    }
}
