using System.ComponentModel;
using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>One stored example near the request (an entry of <c>neighbours.attack</c> / <c>neighbours.benign</c>).</summary>
internal sealed record GuardNeighbourBody(
    [property: Description("The example id.")] string Id,
    [property: Description("Cosine similarity to the request, in [-1, 1].")] float Similarity,
    [property: Description("The example category, when it has one.")] string? Category,
    [property: Description("The example text.")] string Text)
{
    /// <summary>The wire form of <paramref name="neighbours"/>, in order.</summary>
    public static IReadOnlyList<GuardNeighbourBody> From(IReadOnlyList<GuardNeighbour> neighbours)
    {
        var bodies = new GuardNeighbourBody[neighbours.Count];
        for (int i = 0; i < bodies.Length; i++)
        {
            GuardNeighbour n = neighbours[i];
            bodies[i] = new GuardNeighbourBody(n.Id, n.Similarity, n.Category, n.Text);
        }

        return bodies;
    }
}
