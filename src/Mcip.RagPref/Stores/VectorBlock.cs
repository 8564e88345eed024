using System.Runtime.InteropServices;

namespace Mcip.RagPref.Stores;

/// <summary>
/// A row-major block of float vectors with a padded stride, 64-byte aligned: either allocated in
/// native memory (zero-filled) or attached to memory someone else owns (a mapped store file).
/// </summary>
/// <remarks>Rows may be read from any number of threads; disposal must wait until no reader uses it.</remarks>
internal sealed unsafe class VectorBlock : IDisposable
{
    /// <summary>The alignment of the first row and of every stride, in bytes.</summary>
    public const int Alignment = 64;

    private readonly IDisposable? _owner;
    private readonly bool _ownsMemory;
    private float* _base;

    private VectorBlock(float* basePointer, int rows, int dimensions, bool ownsMemory, IDisposable? owner)
    {
        _base = basePointer;
        Rows = rows;
        Dimensions = dimensions;
        Stride = StrideFor(dimensions);
        _ownsMemory = ownsMemory;
        _owner = owner;
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>The distance between consecutive rows, in floats (a multiple of 16).</summary>
    public int Stride { get; }

    /// <summary>The first float of row 0.</summary>
    public float* BasePointer => _base;

    /// <summary>The size of the whole block in bytes (rows times stride times 4).</summary>
    public long ByteLength => (long)Rows * Stride * sizeof(float);

    /// <summary>Rounds <paramref name="dimensions"/> up to a multiple of 16 floats (64 bytes).</summary>
    public static int StrideFor(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        return checked((dimensions + 15) & ~15);
    }

    /// <summary>Allocates a zero-filled block in native memory.</summary>
    public static VectorBlock Allocate(int rows, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        long bytes = Math.Max((long)rows * StrideFor(dimensions) * sizeof(float), Alignment);
        var pointer = (float*)NativeMemory.AlignedAlloc((nuint)bytes, Alignment);
        NativeMemory.Clear(pointer, (nuint)bytes);
        return new VectorBlock(pointer, rows, dimensions, ownsMemory: true, owner: null);
    }

    /// <summary>Wraps memory owned elsewhere without copying; <paramref name="owner"/> is disposed with the block.</summary>
    public static VectorBlock Attach(float* basePointer, int rows, int dimensions, IDisposable? owner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (((nuint)basePointer % Alignment) != 0)
        {
            throw new ArgumentException($"The vector block must start on a {Alignment}-byte boundary.", nameof(basePointer));
        }

        return new VectorBlock(basePointer, rows, dimensions, ownsMemory: false, owner);
    }

    /// <summary>The <see cref="Dimensions"/> floats of <paramref name="row"/> (padding excluded).</summary>
    public Span<float> GetRow(int row)
    {
        ObjectDisposedException.ThrowIf(_base is null, this);
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        }

        return new Span<float>(_base + ((long)row * Stride), Dimensions);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        float* pointer = _base;
        if (pointer is null)
        {
            return;
        }

        _base = null;
        if (_ownsMemory)
        {
            NativeMemory.AlignedFree(pointer);
        }

        _owner?.Dispose();
    }
}
