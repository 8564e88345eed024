namespace Mcip.RagPref.Stores;

/// <summary>An input that an add or build left out, and why.</summary>
/// <param name="Id">The input's id (given or derived from its text).</param>
/// <param name="Origin">Where it was read from (for example <c>data.jsonl:12</c>), or <see langword="null"/>.</param>
/// <param name="Reason">Why it was skipped, for example an exact duplicate of an earlier input.</param>
public sealed record SkippedInput(string Id, string? Origin, string Reason);
