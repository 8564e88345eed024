using Mcip.RagPref.Tests.Support.Index;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Benchmarks.Index;

/// <summary>
/// Vectors scattered around random centers (rows and queries pick a center at random): a stand-in for real sentence
/// embeddings, which are far from uniform.
/// </summary>
internal sealed class ClusteredVectorSource(int clusters, int dimensions, float spread, int seed) : IVectorSource
{
    private readonly Random _random = new(seed);
    private float[][]? _centers;

    public string Name => "clustered";

    public void FillRows(VectorMatrix matrix)
    {
        for (int row = 0; row < matrix.Rows; row++)
        {
            SyntheticVectors.AroundCenter(_random, NextCenter(), spread, matrix.GetRow(row));
        }
    }

    public void FillQueries(Span<float> queries, int dimensions)
    {
        for (int start = 0; start + dimensions <= queries.Length; start += dimensions)
        {
            SyntheticVectors.AroundCenter(_random, NextCenter(), spread, queries.Slice(start, dimensions));
        }
    }

    private float[] NextCenter()
    {
        _centers ??= SyntheticVectors.CreateCenters(_random, clusters, dimensions);
        return _centers[_random.Next(clusters)];
    }
}
