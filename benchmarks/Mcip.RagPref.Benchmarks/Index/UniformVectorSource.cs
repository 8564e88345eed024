using Mcip.RagPref.Tests.Support.Index;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Benchmarks.Index;

/// <summary>Vectors uniform on the unit sphere: the worst case for quantised candidate lists.</summary>
internal sealed class UniformVectorSource(int seed) : IVectorSource
{
    private readonly Random _random = new(seed);

    public string Name => "uniform";

    public void FillRows(VectorMatrix matrix)
    {
        for (int row = 0; row < matrix.Rows; row++)
        {
            SyntheticVectors.Uniform(_random, matrix.GetRow(row));
        }
    }

    public void FillQueries(Span<float> queries, int dimensions)
    {
        for (int start = 0; start + dimensions <= queries.Length; start += dimensions)
        {
            SyntheticVectors.Uniform(_random, queries.Slice(start, dimensions));
        }
    }
}
