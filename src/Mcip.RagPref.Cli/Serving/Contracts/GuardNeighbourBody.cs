using System.ComponentModel;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>One stored example near the request (documents an entry of <c>neighbours.attack</c> / <c>neighbours.benign</c>).</summary>
internal sealed record GuardNeighbourBody(
    [property: Description("The example id.")] string Id,
    [property: Description("Cosine similarity to the request, in [-1, 1].")] double Similarity,
    [property: Description("The example category, when it has one.")] string? Category,
    [property: Description("The example text.")] string Text);
