namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>The nearest examples of each label (the <c>neighbours</c> object of a guard result).</summary>
internal sealed record GuardNeighboursBody(IReadOnlyList<GuardNeighbourBody> Attack, IReadOnlyList<GuardNeighbourBody> Benign);
