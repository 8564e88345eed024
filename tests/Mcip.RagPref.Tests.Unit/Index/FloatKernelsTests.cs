using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Index;

public sealed unsafe class FloatKernelsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void DotBlock_EveryDimension1To257_EqualsScalarReference(int bits)
    {
        var width = (KernelWidth)bits;
        const int Rows = 9;
        var random = new Random(bits + 1);
        var scores = new float[Rows];
        for (int dims = 1; dims <= 257; dims++)
        {
            using VectorMatrix matrix = VectorMatrix.Allocate(Rows, dims);
            var query = new float[matrix.Stride];
            Fill(random, query.AsSpan(0, dims));
            for (int r = 0; r < Rows; r++)
            {
                Fill(random, matrix.GetRow(r));
            }

            fixed (float* q = query)
            fixed (float* s = scores)
            {
                FloatKernels.DotBlock(width, q, matrix.BasePointer, matrix.Stride, Rows, s);
            }

            for (int r = 0; r < Rows; r++)
            {
                double expected = ScalarReference.Dot(matrix.GetRow(r), query.AsSpan(0, dims));
                double magnitude = 0;
                for (int d = 0; d < dims; d++)
                {
                    magnitude += Math.Abs((double)matrix.GetRow(r)[d] * query[d]);
                }

                Assert.True(
                    Math.Abs(scores[r] - expected) <= (1e-6 * magnitude) + 1e-30,
                    $"width {width}, dims {dims}, row {r}: {scores[r]} vs {expected}");
            }
        }
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void DotBlock_RowInGroupOrAlone_ScoresBitIdentically(int bits)
    {
        var width = (KernelWidth)bits;
        using VectorMatrix matrix = IndexTestData.UniformMatrix(8, 100, seed: 5);
        float[] query = new float[matrix.Stride];
        IndexTestData.Queries(1, 100, seed: 6).CopyTo(query, 0);
        var grouped = new float[8];
        var alone = new float[8];

        fixed (float* q = query)
        fixed (float* g = grouped)
        fixed (float* a = alone)
        {
            FloatKernels.DotBlock(width, q, matrix.BasePointer, matrix.Stride, 8, g);
            for (int r = 0; r < 8; r++)
            {
                FloatKernels.DotBlock(width, q, matrix.RowPointer(r), matrix.Stride, 1, a + r);
            }
        }

        Assert.Equal(grouped, alone);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void DotBlock2_EveryDimension1To257_EqualsDotBlockBitForBit(int bits)
    {
        var width = (KernelWidth)bits;
        const int Rows = 5;
        var random = new Random(bits + 3);
        var single0 = new float[Rows];
        var single1 = new float[Rows];
        var pair0 = new float[Rows];
        var pair1 = new float[Rows];
        for (int dims = 1; dims <= 257; dims++)
        {
            using VectorMatrix matrix = VectorMatrix.Allocate(Rows, dims);
            var queries = new float[2 * matrix.Stride];
            Fill(random, queries.AsSpan(0, dims));
            Fill(random, queries.AsSpan(matrix.Stride, dims));
            for (int r = 0; r < Rows; r++)
            {
                Fill(random, matrix.GetRow(r));
            }

            fixed (float* q = queries)
            fixed (float* s0 = single0)
            fixed (float* s1 = single1)
            fixed (float* p0 = pair0)
            fixed (float* p1 = pair1)
            {
                FloatKernels.DotBlock(width, q, matrix.BasePointer, matrix.Stride, Rows, s0);
                FloatKernels.DotBlock(width, q + matrix.Stride, matrix.BasePointer, matrix.Stride, Rows, s1);
                FloatKernels.DotBlock2(width, q, q + matrix.Stride, matrix.BasePointer, matrix.Stride, Rows, p0, p1);
            }

            Assert.Equal(single0, pair0);
            Assert.Equal(single1, pair1);
        }
    }

    private static void Fill(Random random, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }
    }
}
