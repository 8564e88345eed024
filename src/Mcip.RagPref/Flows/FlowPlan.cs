namespace Mcip.RagPref.Flows;

/// <summary>
/// The flow check of one tool call before scoring: its sink, its values with their provenance, and the passages around
/// the untrusted targets that are scored with the request (their texts go into the same embedding batch).
/// </summary>
internal sealed class FlowPlan
{
    public required FlowSinkKind Sink { get; init; }

    public required List<FlowValue> Values { get; init; }

    /// <summary>
    /// The places the untrusted targets came from: the value (an index into <see cref="Values"/>), the passage around that
    /// place, and a word near it that the user also wrote (<see langword="null"/> when none).
    /// </summary>
    public required List<(int Value, string Passage, string? Anchor)> Candidates { get; init; }

    /// <summary>Whether the user's messages ask for any sensitive action (send, pay, share, publish, write, run, permissions).</summary>
    public required bool Requested { get; init; }

    /// <summary>The kinds of party value (bit per <see cref="FlowValueKind"/>) the user wrote in their own messages.</summary>
    public required int UserValueKinds { get; init; }

    public required bool HadContext { get; init; }

    public required bool ContextTruncated { get; init; }

    /// <summary>The first untrusted target (an index into <see cref="Values"/>) left unjudged because the call had more than <c>MaxPassages</c> places to score; <see langword="null"/> when none was.</summary>
    public int? Unjudged { get; init; }
}
