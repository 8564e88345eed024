using System.ComponentModel;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>OpenAPI shape of a result's information-flow check (written by <c>GuardResultJson</c>).</summary>
internal sealed record FlowBody(
    [property: Description("none, send, transfer, share, post, write, execute or permissions.")] string Sink,
    [property: Description("The verdict the flow rules ask for (allow when none fired).")] string Verdict,
    [property: Description("Whether the request carried its conversation.")] bool HadContext,
    [property: Description("Whether part of the conversation was left out (limits).")] bool ContextTruncated,
    [property: Description("The call's values that direct its effect, with where each came from.")] IReadOnlyList<FlowValueBody> Values,
    [property: Description("The flow rules that fired, each with its explanation.")] IReadOnlyList<FlowFindingBody> Findings,
    [property: Description("The exchange as an MCIP information flow.")] FlowRecordBody Record);

/// <summary>OpenAPI shape of one value and its provenance.</summary>
internal sealed record FlowValueBody(
    [property: Description("email_address, phone_number, account_number, url, user_name, file_path, amount or command.")] string Kind,
    [property: Description("The argument it was found in.")] string Argument,
    [property: Description("The value.")] string Value,
    [property: Description("Whether it directs where the call's effect goes.")] bool Target,
    [property: Description("user, system, trusted_tool, trusted_value, tool_result or nowhere.")] string Source,
    [property: Description("The tool whose result it came from.")] string? SourceTool,
    [property: Description("The turn it first appeared in (oldest is 0), or -1.")] int SourceTurn);

/// <summary>OpenAPI shape of a flow rule that fired.</summary>
internal sealed record FlowFindingBody(
    [property: Description("The rule's name.")] string Rule,
    [property: Description("The verdict it asks for.")] string Verdict,
    [property: Description("The value.")] string Value,
    [property: Description("The score of the passage around the value in its source.")] double PassageScore,
    [property: Description("One sentence naming the value, its source and the rule.")] string Explanation);

/// <summary>OpenAPI shape of an MCIP flow record.</summary>
internal sealed record FlowRecordBody(
    string Timestamp, string Surface, string? Tool, string Sender, string Recipient, string DataSubject, string InformationType,
    string TransmissionPrinciple, string Verdict, string Rule, string Sink);
