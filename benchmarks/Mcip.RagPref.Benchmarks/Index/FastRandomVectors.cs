using Mcip.RagPref.Index;
using Mcip.RagPref.Tests.Support.Index;

namespace Mcip.RagPref.Benchmarks.Index;

/// <summary>
/// Quick seeded unit vectors for timing-only benchmarks (uniform components, normalised): filling a million rows with
/// Gaussian samples would dominate the set-up; the distribution does not matter for exact scans.
/// </summary>
internal static class FastRandomVectors
{
    public static void Fill(VectorMatrix matrix, ulong seed)
    {
        ulong state = seed | 1;
        for (int row = 0; row < matrix.Rows; row++)
        {
            Span<float> vector = matrix.GetRow(row);
            for (int i = 0; i < vector.Length; i++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                vector[i] = ((state >> 40) * (1f / (1 << 24))) - 0.5f;
            }

            SyntheticVectors.Normalize(vector);
        }
    }
}
