namespace Mcip.RagPref.Guard;

/// <summary>Where the time of one guard call went.</summary>
/// <param name="Canonicalize">Canonicalising and windowing the text.</param>
/// <param name="Embed">Embedding every window.</param>
/// <param name="Search">Nearest-neighbour search of every window.</param>
/// <param name="Compose">Scoring and composing the prompt context.</param>
/// <param name="Total">The whole call.</param>
public sealed record GuardTimings(TimeSpan Canonicalize, TimeSpan Embed, TimeSpan Search, TimeSpan Compose, TimeSpan Total);
