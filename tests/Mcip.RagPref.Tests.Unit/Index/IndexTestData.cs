using Mcip.RagPref.Tests.Support.Index;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Index;

/// <summary>Builds small seeded matrices, labels and queries for the index tests.</summary>
internal static class IndexTestData
{
    public static VectorMatrix UniformMatrix(int rows, int dims, int seed)
    {
        VectorMatrix matrix = VectorMatrix.Allocate(rows, dims);
        SyntheticVectors.FillUniform(matrix, seed);
        return matrix;
    }

    public static byte[] Labels(int rows, int labelCount, int seed)
    {
        var random = new Random(seed);
        var labels = new byte[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = (byte)random.Next(labelCount);
        }

        return labels;
    }

    public static float[] Queries(int count, int dims, int seed)
    {
        var random = new Random(seed);
        var queries = new float[count * dims];
        for (int q = 0; q < count; q++)
        {
            SyntheticVectors.Uniform(random, queries.AsSpan(q * dims, dims));
        }

        return queries;
    }

    /// <summary>Runs a search and returns the hits per label as arrays.</summary>
    public static SearchHit[][] Search(VectorIndex index, ReadOnlySpan<float> query, int k)
    {
        var hits = new SearchHit[index.LabelCount * k];
        var counts = new int[index.LabelCount];
        index.Search(query, k, hits, counts);
        return Split(hits, counts, index.LabelCount, k, 0);
    }

    public static SearchHit[][] Split(SearchHit[] hits, int[] counts, int labelCount, int k, int query)
    {
        var result = new SearchHit[labelCount][];
        for (int label = 0; label < labelCount; label++)
        {
            int list = (query * labelCount) + label;
            result[label] = hits.AsSpan(list * k, counts[list]).ToArray();
        }

        return result;
    }

    /// <summary>The brute-force answer with the index's own float32 similarities (so ties and order compare exactly).</summary>
    public static unsafe SearchHit[][] BruteForce(VectorIndex index, byte[] labels, ReadOnlySpan<float> query, int k)
    {
        VectorMatrix matrix = index.Matrix;
        float[] padded = new float[matrix.Stride];
        query.CopyTo(padded);
        return ScalarReference.Search(matrix.Rows, labels, index.LabelCount, k, row =>
        {
            float score;
            fixed (float* q = padded)
            {
                FloatKernels.DotBlock(index.Width, q, matrix.RowPointer(row), matrix.Stride, 1, &score);
            }

            return score;
        });
    }

    public static void AssertSameHits(SearchHit[][] expected, SearchHit[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int label = 0; label < expected.Length; label++)
        {
            Assert.Equal(expected[label], actual[label]);
        }
    }
}
