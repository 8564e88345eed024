using Mcip.RagPref.Tests.Support.Index;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Index;

public sealed class VectorIndexScanModeTests
{
    [Theory]
    [InlineData(VectorQuantization.None)]
    [InlineData(VectorQuantization.Int8)]
    [InlineData(VectorQuantization.Binary)]
    public void SearchBatch_ManyQueries_EqualsSingleSearches(VectorQuantization quantization)
    {
        const int Rows = 500, Dims = 40, K = 4, Queries = 9;
        using VectorMatrix matrix = IndexTestData.UniformMatrix(Rows, Dims, seed: 21);
        byte[] labels = IndexTestData.Labels(Rows, 2, seed: 22);
        VectorIndex index = VectorIndex.Create(matrix, labels, 2, new VectorIndexOptions { Quantization = quantization });
        float[] queries = IndexTestData.Queries(Queries, Dims, seed: 23);
        var hits = new SearchHit[Queries * 2 * K];
        var counts = new int[Queries * 2];

        index.SearchBatch(queries, K, hits, counts);

        for (int q = 0; q < Queries; q++)
        {
            SearchHit[][] single = IndexTestData.Search(index, queries.AsSpan(q * Dims, Dims), K);
            IndexTestData.AssertSameHits(single, IndexTestData.Split(hits, counts, 2, K, q));
        }
    }

    [Theory]
    [InlineData(VectorQuantization.None, 1)]
    [InlineData(VectorQuantization.None, 3)]
    [InlineData(VectorQuantization.None, 64)]
    [InlineData(VectorQuantization.Int8, 3)]
    [InlineData(VectorQuantization.Binary, 3)]
    public void SearchBatch_Parallel_EqualsSerial(VectorQuantization quantization, int queryCount)
    {
        int rows = (VectorIndex.MinRowsPerPartition * 3) + 17;
        const int Dims = 16, K = 5;
        using VectorMatrix matrix = IndexTestData.UniformMatrix(rows, Dims, seed: 31);
        byte[] labels = IndexTestData.Labels(rows, 2, seed: 32);
        VectorIndex serial = VectorIndex.Create(matrix, labels, 2, new VectorIndexOptions { Quantization = quantization });
        VectorIndex parallel = VectorIndex.Create(matrix, labels, 2, new VectorIndexOptions { Quantization = quantization, DegreeOfParallelism = 3 });
        float[] queries = IndexTestData.Queries(queryCount, Dims, seed: 33);
        var serialHits = new SearchHit[queryCount * 2 * K];
        var serialCounts = new int[queryCount * 2];
        var parallelHits = new SearchHit[queryCount * 2 * K];
        var parallelCounts = new int[queryCount * 2];

        serial.SearchBatch(queries, K, serialHits, serialCounts);
        parallel.SearchBatch(queries, K, parallelHits, parallelCounts);

        Assert.Equal(serialCounts, parallelCounts);
        Assert.Equal(serialHits, parallelHits);
    }

    [Theory]
    [InlineData(VectorQuantization.Int8)]
    [InlineData(VectorQuantization.Int8PerDimension)]
    [InlineData(VectorQuantization.Binary)]
    public void Search_QuantizedWithCandidatesCoveringEveryRow_EqualsExact(VectorQuantization quantization)
    {
        const int Rows = 300, Dims = 50, K = 7;
        using VectorMatrix matrix = IndexTestData.UniformMatrix(Rows, Dims, seed: 41);
        byte[] labels = IndexTestData.Labels(Rows, 2, seed: 42);
        VectorIndex exact = VectorIndex.Create(matrix, labels, 2);
        VectorIndex quantized = VectorIndex.Create(matrix, labels, 2, new VectorIndexOptions { Quantization = quantization, CandidateMultiplier = Rows });
        float[] queries = IndexTestData.Queries(4, Dims, seed: 43);

        for (int q = 0; q < 4; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * Dims, Dims);
            IndexTestData.AssertSameHits(IndexTestData.Search(exact, query, K), IndexTestData.Search(quantized, query, K));
        }
    }

    [Theory]
    [InlineData(VectorQuantization.Int8)]
    [InlineData(VectorQuantization.Int8PerDimension)]
    public void Search_Int8DefaultMultiplierOnClusteredData_FindsNearlyAllTrueNeighbours(VectorQuantization quantization)
    {
        const int Rows = 4000, Dims = 64, K = 10, Queries = 20;
        using VectorMatrix matrix = VectorMatrix.Allocate(Rows, Dims);
        SyntheticVectors.FillClustered(matrix, clusters: 20, spread: 1f, seed: 51);
        byte[] labels = IndexTestData.Labels(Rows, 2, seed: 52);
        VectorIndex exact = VectorIndex.Create(matrix, labels, 2);
        VectorIndex quantized = VectorIndex.Create(matrix, labels, 2, new VectorIndexOptions { Quantization = quantization });
        float[] queries = IndexTestData.Queries(Queries, Dims, seed: 53);

        int found = 0, total = 0;
        for (int q = 0; q < Queries; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * Dims, Dims);
            SearchHit[][] truth = IndexTestData.Search(exact, query, K);
            SearchHit[][] approximate = IndexTestData.Search(quantized, query, K);
            for (int label = 0; label < 2; label++)
            {
                total += truth[label].Length;
                found += truth[label].Select(h => h.Row).Intersect(approximate[label].Select(h => h.Row)).Count();
            }
        }

        Assert.True(found >= total * 0.99, $"recall {found}/{total}");
    }
}
