using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Index;

public sealed class VectorIndexTests
{
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        { 1, 3, 1, 1 },
        { 7, 5, 2, 3 },
        { 64, 16, 2, 4 },
        { 65, 17, 2, 10 },
        { 300, 33, 3, 5 },
        { 1000, 100, 2, 10 },
        { 2000, 24, 2, 33 },
        { 1500, 20, 3, 200 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Search_RandomData_EqualsBruteForceSort(int rows, int dims, int labelCount, int k)
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(rows, dims, seed: rows + dims);
        byte[] labels = IndexTestData.Labels(rows, labelCount, seed: 7);
        VectorIndex index = VectorIndex.Create(matrix, labels, labelCount);
        float[] queries = IndexTestData.Queries(5, dims, seed: 11);

        for (int q = 0; q < 5; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * dims, dims);
            IndexTestData.AssertSameHits(IndexTestData.BruteForce(index, labels, query, k), IndexTestData.Search(index, query, k));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void Search_EveryKernelWidth_MatchesDoublePrecisionReference(int bits)
    {
        var width = (KernelWidth)bits;
        const int Rows = 200, Dims = 77, K = 6;
        using VectorMatrix matrix = IndexTestData.UniformMatrix(Rows, Dims, seed: 3);
        byte[] labels = IndexTestData.Labels(Rows, 2, seed: 4);
        VectorIndex index = VectorIndex.Create(matrix, labels, 2, new VectorIndexOptions { ForcedWidth = width });
        float[] query = IndexTestData.Queries(1, Dims, seed: 5);

        SearchHit[][] actual = IndexTestData.Search(index, query, K);
        SearchHit[][] reference = ScalarReference.Search(Rows, labels, 2, K, row => (float)ScalarReference.Dot(matrix.GetRow(row), query));

        for (int label = 0; label < 2; label++)
        {
            Assert.Equal(reference[label].Length, actual[label].Length);
            for (int i = 0; i < actual[label].Length; i++)
            {
                Assert.Equal(reference[label][i].Row, actual[label][i].Row);
                Assert.Equal(reference[label][i].Similarity, actual[label][i].Similarity, 1e-5f);
            }
        }
    }

    [Fact]
    public void Search_DuplicateRows_TiesReturnLowerRowFirst()
    {
        using VectorMatrix matrix = VectorMatrix.Allocate(6, 4);
        float[] unit = [0.5f, 0.5f, 0.5f, 0.5f];
        foreach (int row in new[] { 5, 2, 4, 0 })
        {
            unit.CopyTo(matrix.GetRow(row));
        }

        matrix.GetRow(1)[0] = 1f;
        matrix.GetRow(3)[1] = 1f;
        VectorIndex index = VectorIndex.Create(matrix, new byte[6], 1);

        SearchHit[][] hits = IndexTestData.Search(index, unit, 3);

        Assert.Equal([0, 2, 4], hits[0].Select(h => h.Row));
        Assert.All(hits[0], h => Assert.Equal(1f, h.Similarity, 1e-6f));
    }

    [Fact]
    public void Search_KGreaterThanRowsOfLabel_ReturnsEveryRowOfThatLabel()
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(10, 8, seed: 1);
        byte[] labels = [0, 1, 0, 0, 1, 0, 0, 0, 0, 0];
        VectorIndex index = VectorIndex.Create(matrix, labels, 3);

        SearchHit[][] hits = IndexTestData.Search(index, IndexTestData.Queries(1, 8, 2), 50);

        Assert.Equal(8, hits[0].Length);
        Assert.Equal(2, hits[1].Length);
        Assert.Empty(hits[2]);
        Assert.Equal([1, 4], hits[1].Select(h => h.Row).Order());
    }

    [Fact]
    public void Search_EmptyIndex_ReturnsNoHits()
    {
        using VectorMatrix matrix = VectorMatrix.Allocate(0, 12);
        VectorIndex index = VectorIndex.Create(matrix, [], 2);
        int[] counts = [9, 9];

        index.Search(IndexTestData.Queries(1, 12, 1), 3, new SearchHit[6], counts);

        Assert.Equal([0, 0], counts);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(2f)]
    public void Search_NonUnitOrNonFiniteQuery_ThrowsArgumentException(float badValue)
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(4, 3, seed: 1);
        VectorIndex index = VectorIndex.Create(matrix, new byte[4], 1);
        float[] query = [badValue, 0f, 0f];

        ArgumentException ex = Assert.Throws<ArgumentException>(() => index.Search(query, 1, new SearchHit[1], new int[1]));

        Assert.Contains("unit vector", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_WrongQueryLength_ThrowsArgumentException()
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(4, 3, seed: 1);
        VectorIndex index = VectorIndex.Create(matrix, new byte[4], 1);

        Assert.Throws<ArgumentException>(() => index.Search(new float[4], 1, new SearchHit[1], new int[1]));
    }

    [Fact]
    public void Search_HitsBufferTooShort_ThrowsArgumentException()
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(4, 3, seed: 1);
        VectorIndex index = VectorIndex.Create(matrix, new byte[4], 2);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => index.Search(IndexTestData.Queries(1, 3, 1), 2, new SearchHit[3], new int[2]));

        Assert.Equal("hits", ex.ParamName);
    }

    [Fact]
    public void Create_StoredRowWithNaN_ThrowsNamingTheRow()
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(5, 6, seed: 1);
        matrix.GetRow(3)[2] = float.NaN;

        ArgumentException ex = Assert.Throws<ArgumentException>(() => VectorIndex.Create(matrix, new byte[5], 1));

        Assert.Contains("row 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LabelOutOfRange_Throws()
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(3, 6, seed: 1);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => VectorIndex.Create(matrix, [0, 2, 1], 2));

        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LabelCountMismatch_Throws()
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(3, 6, seed: 1);

        Assert.Throws<ArgumentException>(() => VectorIndex.Create(matrix, [0, 1], 2));
    }

    [Fact]
    public void RowsWithLabel_Labels_CountsEachLabel()
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(5, 6, seed: 1);
        VectorIndex index = VectorIndex.Create(matrix, [1, 1, 0, 1, 0], 2);

        Assert.Equal(2, index.RowsWithLabel(0));
        Assert.Equal(3, index.RowsWithLabel(1));
        Assert.Equal(1, index.LabelOf(3));
    }

    [Fact]
    public void Search_AfterMatrixDisposed_ThrowsObjectDisposed()
    {
        VectorMatrix matrix = IndexTestData.UniformMatrix(5, 6, seed: 1);
        VectorIndex index = VectorIndex.Create(matrix, new byte[5], 1);
        matrix.Dispose();

        Assert.Throws<ObjectDisposedException>(() => index.Search(IndexTestData.Queries(1, 6, 1), 1, new SearchHit[1], new int[1]));
    }
}
