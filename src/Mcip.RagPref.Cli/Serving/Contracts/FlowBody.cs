using System.ComponentModel;
using Mcip.RagPref.Flows;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>A result's information-flow check on the wire (the <c>flow</c> object of a guard result).</summary>
internal sealed record FlowBody(
    [property: Description("none, send, transfer, share, post, write, execute or permissions.")] string Sink,
    [property: Description("The verdict the flow rules ask for (allow when none fired).")] string Verdict,
    [property: Description("Whether the request carried its conversation.")] bool HadContext,
    [property: Description("Whether part of the conversation was left out (limits).")] bool ContextTruncated,
    [property: Description("The call's values that direct its effect, with where each came from.")] IReadOnlyList<FlowValueBody> Values,
    [property: Description("The flow rules that fired, each with its explanation.")] IReadOnlyList<FlowFindingBody> Findings,
    [property: Description("The exchange as an MCIP information flow.")] FlowRecordBody Record)
{
    /// <summary>The wire form of <paramref name="flow"/>.</summary>
    public static FlowBody From(FlowAssessment flow)
    {
        var values = new List<FlowValueBody>(flow.Values.Count);
        foreach (FlowValue value in flow.Values)
        {
            values.Add(new FlowValueBody(
                FlowRecord.WireName(value.Kind), value.ArgumentPath, value.Value, value.IsTarget, FlowRecord.WireName(value.Source), value.SourceTool, value.SourceTurn));
        }

        var findings = new List<FlowFindingBody>(flow.Findings.Count);
        foreach (FlowFinding finding in flow.Findings)
        {
            findings.Add(new FlowFindingBody(finding.Rule, GuardNames.Verdict(finding.Verdict), finding.Value.Value, finding.PassageScore, finding.Explanation));
        }

        return new FlowBody(FlowRecord.WireName(flow.Sink), GuardNames.Verdict(flow.Verdict), flow.HadContext, flow.ContextTruncated, values, findings, FlowRecordBody.From(flow.Record));
    }
}

/// <summary>One value of a flow check and its provenance.</summary>
internal sealed record FlowValueBody(
    [property: Description("email_address, phone_number, account_number, url, user_name, file_path, amount or command.")] string Kind,
    [property: Description("The argument it was found in.")] string Argument,
    [property: Description("The value.")] string Value,
    [property: Description("Whether it directs where the call's effect goes.")] bool Target,
    [property: Description("user, system, trusted_tool, trusted_value, tool_result or nowhere.")] string Source,
    [property: Description("The tool whose result it came from.")] string? SourceTool,
    [property: Description("The turn it first appeared in (oldest is 0), or -1.")] int SourceTurn);

/// <summary>A flow rule that fired.</summary>
internal sealed record FlowFindingBody(
    [property: Description("The rule's name.")] string Rule,
    [property: Description("The verdict it asks for.")] string Verdict,
    [property: Description("The value.")] string Value,
    [property: Description("The score of the passage around the value in its source.")] float PassageScore,
    [property: Description("One sentence naming the value, its source and the rule.")] string Explanation);

/// <summary>An MCIP flow record, as <see cref="FlowRecord.WriteJson"/> writes it to the audit log.</summary>
internal sealed record FlowRecordBody(
    DateTimeOffset Timestamp, string Surface, string? Tool, string Sender, string Recipient, string DataSubject, string InformationType,
    string TransmissionPrinciple, string Verdict, string Rule, string Sink)
{
    /// <summary>The wire form of <paramref name="r"/>; <c>FlowRecordBodyTests</c> pins it to <see cref="FlowRecord.WriteJson"/>.</summary>
    public static FlowRecordBody From(FlowRecord r) => new(
        r.Timestamp, GuardNames.Surface(r.Surface), r.Tool, r.Sender, r.Recipient, r.DataSubject, r.InformationType,
        r.TransmissionPrinciple, GuardNames.Verdict(r.Verdict), r.Rule, FlowRecord.WireName(r.Sink));
}
