namespace Mcip.RagPref.Flows;

/// <summary>
/// What the information-flow check found for one request: for a tool call, the sink it is, each value that directs its
/// effect with where it came from, the rules that fired and the verdict they ask for; for every surface, the MCIP flow record.
/// </summary>
public sealed class FlowAssessment
{
    /// <summary>Gets the kind of sink of a tool call (<see cref="FlowSinkKind.None"/> for other surfaces and for tools that are not sinks).</summary>
    public required FlowSinkKind Sink { get; init; }

    /// <summary>Gets the values of a tool call with their provenance; empty for other surfaces.</summary>
    public required IReadOnlyList<FlowValue> Values { get; init; }

    /// <summary>Gets the flow rules that fired; empty when none did.</summary>
    public required IReadOnlyList<FlowFinding> Findings { get; init; }

    /// <summary>Gets the verdict the flow rules ask for (<see cref="GuardVerdict.Allow"/> when none fired). The request's verdict is the more severe of this and the retrieval verdict.</summary>
    public required GuardVerdict Verdict { get; init; }

    /// <summary>Gets whether the request carried a conversation.</summary>
    public required bool HadContext { get; init; }

    /// <summary>Gets whether part of the conversation was left out (see <see cref="FlowOptions.MaxContextTurns"/> and <see cref="FlowOptions.MaxContextCharacters"/>).</summary>
    public required bool ContextTruncated { get; init; }

    /// <summary>Gets the exchange as an MCIP information flow.</summary>
    public required FlowRecord Record { get; init; }
}
