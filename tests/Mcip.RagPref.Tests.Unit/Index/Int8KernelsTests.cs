using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Index;

public sealed unsafe class Int8KernelsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void DotBlock_EveryDimension1To257_EqualsIntegerReference(int bits)
    {
        var width = (KernelWidth)bits;
        Assert.SkipUnless(Int8Kernels.Supported(width) == width, $"{width} int8 kernels need instructions this CPU lacks.");
        const int Rows = 9;
        var random = new Random(bits + 2);
        var scores = new float[Rows];
        var rowScales = new float[Rows];
        for (int r = 0; r < Rows; r++)
        {
            rowScales[r] = (float)random.NextDouble();
        }

        for (int dims = 1; dims <= 257; dims++)
        {
            int codeStride = Int8Codes.CodeStrideFor(dims);
            var codes = new sbyte[Rows * codeStride];
            var query = new short[codeStride];
            for (int d = 0; d < dims; d++)
            {
                query[d] = (short)random.Next(-127, 128);
                for (int r = 0; r < Rows; r++)
                {
                    codes[(r * codeStride) + d] = (sbyte)random.Next(-127, 128);
                }
            }

            fixed (sbyte* c = codes)
            fixed (short* q = query)
            fixed (float* s = scores)
            fixed (float* scale = rowScales)
            {
                Int8Kernels.DotBlock(width, q, c, codeStride, Rows, null, s);
                for (int r = 0; r < Rows; r++)
                {
                    int expected = 0;
                    for (int d = 0; d < dims; d++)
                    {
                        expected += codes[(r * codeStride) + d] * query[d];
                    }

                    Assert.Equal(expected, scores[r]);
                }

                Int8Kernels.DotBlock(width, q, c, codeStride, Rows, scale, s);
                for (int r = 0; r < Rows; r++)
                {
                    int expected = 0;
                    for (int d = 0; d < dims; d++)
                    {
                        expected += codes[(r * codeStride) + d] * query[d];
                    }

                    Assert.Equal(expected * rowScales[r], scores[r]);
                }
            }
        }
    }

    [Fact]
    public void Build_PerRowScale_DecodesWithinHalfAStep()
    {
        using VectorMatrix matrix = IndexTestData.UniformMatrix(20, 30, seed: 9);

        Int8Codes codes = Int8Codes.Build(matrix, perDimension: false);

        for (int r = 0; r < 20; r++)
        {
            float scale = codes.RowScales[r];
            for (int d = 0; d < 30; d++)
            {
                float decoded = codes.Codes[(r * codes.CodeStride) + d] * scale;
                Assert.True(Math.Abs(decoded - matrix.GetRow(r)[d]) <= (scale * 0.5f) + 1e-7f);
            }
        }
    }
}
