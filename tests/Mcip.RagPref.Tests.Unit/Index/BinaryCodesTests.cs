using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Index;

public sealed unsafe class BinaryCodesTests
{
    [Fact]
    public void ScoreBlock_EveryDimension1To257_IsMinusSignDisagreements()
    {
        for (int dims = 1; dims <= 257; dims++)
        {
            using VectorMatrix matrix = IndexTestData.UniformMatrix(5, dims, seed: dims);
            float[] query = IndexTestData.Queries(1, dims, seed: dims + 1000);
            BinaryCodes codes = BinaryCodes.Build(matrix);
            var queryWords = new ulong[codes.WordStride];
            var scores = new float[5];

            fixed (ulong* q = queryWords)
            fixed (float* s = scores)
            {
                BinaryCodes.Encode(query, q);
                BinaryCodes.ScoreBlock(q, codes.Words, codes.WordStride, 5, s);
            }

            for (int r = 0; r < 5; r++)
            {
                int disagreements = 0;
                for (int d = 0; d < dims; d++)
                {
                    disagreements += (matrix.GetRow(r)[d] > 0f) != (query[d] > 0f) ? 1 : 0;
                }

                Assert.Equal(-disagreements, scores[r]);
            }
        }
    }
}
