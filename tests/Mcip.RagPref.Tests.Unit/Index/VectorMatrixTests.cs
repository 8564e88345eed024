using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Index;

public sealed unsafe class VectorMatrixTests
{
    [Theory]
    [InlineData(1, 16)]
    [InlineData(16, 16)]
    [InlineData(17, 32)]
    [InlineData(384, 384)]
    [InlineData(500, 512)]
    public void StrideFor_Dimensions_RoundsUpToSixteenFloats(int dimensions, int expected)
    {
        Assert.Equal(expected, VectorMatrix.StrideFor(dimensions));
    }

    [Fact]
    public void Allocate_AnyShape_IsAlignedAndZeroed()
    {
        using VectorMatrix matrix = VectorMatrix.Allocate(5, 20);

        Assert.Equal(0u, (nuint)matrix.BasePointer % 64);
        Assert.Equal(32, matrix.Stride);
        Assert.Equal(20, matrix.GetRow(4).Length);
        Assert.Equal(-1, new ReadOnlySpan<float>(matrix.BasePointer, 5 * 32).IndexOfAnyExcept(0f));
    }

    [Fact]
    public void GetRow_Write_LandsAtRowTimesStride()
    {
        using VectorMatrix matrix = VectorMatrix.Allocate(3, 20);

        matrix.GetRow(2)[1] = 7f;

        Assert.Equal(7f, matrix.BasePointer[(2 * 32) + 1]);
    }

    [Fact]
    public void GetRow_OutOfRange_Throws()
    {
        using VectorMatrix matrix = VectorMatrix.Allocate(3, 4);

        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.GetRow(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.GetRow(-1));
    }

    [Fact]
    public void Attach_MisalignedPointer_ThrowsArgumentException()
    {
        using VectorMatrix backing = VectorMatrix.Allocate(4, 16);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => VectorMatrix.Attach(backing.BasePointer + 1, 2, 16, null));

        Assert.Contains("64-byte aligned", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_AlignedPointer_SharesMemoryAndDisposesOwner()
    {
        using VectorMatrix backing = VectorMatrix.Allocate(4, 16);
        var owner = new CountingDisposable();
        VectorMatrix attached = VectorMatrix.Attach(backing.BasePointer, 4, 16, owner);

        attached.GetRow(3)[0] = 0.5f;
        float seen = backing.GetRow(3)[0];
        attached.Dispose();
        attached.Dispose();

        Assert.Equal(0.5f, seen);
        Assert.Equal(1, owner.Disposals);
    }

    [Fact]
    public void GetRow_AfterDispose_ThrowsObjectDisposed()
    {
        VectorMatrix matrix = VectorMatrix.Allocate(2, 8);
        matrix.Dispose();

        Assert.Throws<ObjectDisposedException>(() => matrix.GetRow(0));
    }

    private sealed class CountingDisposable : IDisposable
    {
        public int Disposals { get; private set; }

        public void Dispose() => Disposals++;
    }
}
