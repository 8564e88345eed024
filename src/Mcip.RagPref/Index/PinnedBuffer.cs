namespace Mcip.RagPref.Index;

/// <summary>
/// A zeroed, 64-byte aligned block on the pinned object heap: native-speed pointer access without an
/// <see cref="IDisposable"/> (the garbage collector reclaims it with its owner, so no search can outlive it).
/// </summary>
internal sealed unsafe class PinnedBuffer
{
    private const int Alignment = 64;
    private readonly byte[] _array;

    public PinnedBuffer(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Array.MaxLength - Alignment);
        _array = GC.AllocateArray<byte>((int)bytes + Alignment, pinned: true);
        fixed (byte* start = _array)
        {
            nuint address = (nuint)start;
            Pointer = (byte*)((address + Alignment - 1) & ~(nuint)(Alignment - 1));
        }

        Length = bytes;
    }

    /// <summary>Gets the aligned start of the block (stable: the array is pinned).</summary>
    public byte* Pointer { get; }

    /// <summary>Gets the usable length in bytes.</summary>
    public long Length { get; }

    /// <summary>Keeps the array reachable until a native-pointer loop that uses <see cref="Pointer"/> has finished.</summary>
    public void KeepAlive() => GC.KeepAlive(_array);
}
