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
}
