using System.Text.Json;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Flows;

/// <summary>
/// One guarded exchange as an MCIP information flow: who sends what kind of information about whom to whom, under which
/// transmission principle, and what the guard decided by which rule. Written to logs, activity events and the audit sink.
/// </summary>
/// <remarks>
/// Values (recipients, URLs) are written as their kind and a SHA-256 prefix unless <see cref="FlowOptions.RecordValues"/> is set;
/// request text is never part of a record.
/// </remarks>
public sealed record FlowRecord
{
    /// <summary>Gets when the exchange was screened (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the surface screened.</summary>
    public required GuardSurface Surface { get; init; }

    /// <summary>Gets the tool involved, when there is one.</summary>
    public string? Tool { get; init; }

    /// <summary>Gets who sends: <c>user</c>, <c>assistant</c> (a tool call), <c>tool:NAME</c> (a result) or <c>server</c> (a description).</summary>
    public required string Sender { get; init; }

    /// <summary>Gets who receives: <c>assistant</c>, or a tool call's target (kind and value or hash), or <c>tool:NAME</c> when it has none.</summary>
    public required string Recipient { get; init; }

    /// <summary>Gets whose information it is (<c>user</c>).</summary>
    public required string DataSubject { get; init; }

    /// <summary>Gets what kind of information flows: <c>prompt</c>, <c>tool-output</c>, <c>tool-description</c>, <c>message</c>, <c>payment</c>, <c>share</c>, <c>publication</c>, <c>file</c>, <c>command</c>, <c>permission</c> or <c>tool-call</c>.</summary>
    public required string InformationType { get; init; }

    /// <summary>
    /// Gets the transmission principle: <c>user-request</c>, <c>user-directed</c> (every target came from the user or a trusted
    /// source), <c>directed-by-tool-output</c> (a target came only from a tool result), <c>unattributed</c> (a target appeared
    /// nowhere in the conversation), <c>no-context</c> (no conversation was given), <c>tool-result</c> or <c>tool-advertisement</c>.
    /// </summary>
    public required string TransmissionPrinciple { get; init; }

    /// <summary>Gets the verdict.</summary>
    public required GuardVerdict Verdict { get; init; }

    /// <summary>Gets the rule that decided: a flow rule's name, <c>retrieval</c> (the example search) or <c>none</c> (allowed).</summary>
    public required string Rule { get; init; }

    /// <summary>Gets the kind of sink of a tool call.</summary>
    public FlowSinkKind Sink { get; init; }

    /// <summary>
    /// Writes this record as one JSON object in its wire form, as the audit sink and the HTTP API write it: snake_case names
    /// (<c>timestamp</c>, <c>surface</c>, <c>tool</c> when there is one, <c>sender</c>, <c>recipient</c>, <c>data_subject</c>,
    /// <c>information_type</c>, <c>transmission_principle</c>, <c>verdict</c>, <c>rule</c>, <c>sink</c>) and lower-case surface,
    /// verdict and sink names.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public void WriteJson(Utf8JsonWriter writer) => FlowRecordJson.Write(writer, this);

    /// <summary>The wire name of a value kind: <c>email_address</c>, <c>phone_number</c>, <c>account_number</c>, <c>url</c>, <c>user_name</c>, <c>file_path</c>, <c>amount</c> or <c>command</c>.</summary>
    /// <param name="kind">The value kind.</param>
    /// <returns>The snake_case name.</returns>
    public static string WireName(FlowValueKind kind) => FlowRecordJson.KindName(kind);

    /// <summary>The wire name of a source kind: <c>user</c>, <c>system</c>, <c>trusted_tool</c>, <c>trusted_value</c>, <c>tool_result</c> or <c>nowhere</c>.</summary>
    /// <param name="source">The source kind.</param>
    /// <returns>The snake_case name.</returns>
    public static string WireName(FlowSourceKind source) => FlowRecordJson.SourceName(source);

    /// <summary>The wire name of a sink kind: <c>none</c>, <c>send</c>, <c>transfer</c>, <c>share</c>, <c>post</c>, <c>write</c>, <c>execute</c> or <c>permissions</c>.</summary>
    /// <param name="sink">The sink kind.</param>
    /// <returns>The lower-case name.</returns>
    public static string WireName(FlowSinkKind sink) => FlowRecordJson.SinkName(sink);
}
