using System.Runtime.InteropServices;

namespace Mcip.RagPref.Index;

/// <summary>
/// A dense, row-major matrix of <see langword="float"/> vectors in one contiguous, 64-byte aligned block of
/// native memory: row <c>i</c> starts at <c>i * <see cref="Stride"/></c> floats from the base, its first
/// <see cref="Dimensions"/> floats are the vector and the rest of the stride is padding that must stay zero.
/// </summary>
/// <remarks>
/// <para>
/// The matrix either owns its memory (<see cref="Allocate(int, int)"/>) or wraps memory someone else owns
/// (<see cref="Attach(float*, int, int, IDisposable?)"/>, for example a memory-mapped file view), without copying.
/// </para>
/// <para>
/// Thread safety: reading rows from several threads is safe; writing rows while a <see cref="VectorIndex"/>
/// searches the matrix is not (build the matrix, then the index, then only read). <see cref="Dispose"/> is safe to
/// call while searches run: the memory is released when the last running search finishes, and later searches throw
/// <see cref="ObjectDisposedException"/>. Spans returned by <see cref="GetRow(int)"/> must not be used after disposal.
/// </para>
/// </remarks>
internal sealed unsafe class VectorMatrix : IDisposable
{
    /// <summary>The alignment of the base pointer and of every row, in bytes.</summary>
    private const int Alignment = 64;

    private readonly float* _base;
    private readonly MatrixMemory _memory;

    private VectorMatrix(float* basePointer, int rows, int dimensions, MatrixMemory memory)
    {
        _base = basePointer;
        Rows = rows;
        Dimensions = dimensions;
        Stride = StrideFor(dimensions);
        _memory = memory;
    }

    /// <summary>Gets the number of rows (vectors).</summary>
    public int Rows { get; }

    /// <summary>Gets the number of dimensions of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the distance between consecutive rows in floats: <see cref="StrideFor(int)"/> of <see cref="Dimensions"/>.</summary>
    public int Stride { get; }

    /// <summary>Gets the memory guard that searches reference while they read the rows.</summary>
    internal MatrixMemory Memory => _memory;

    /// <summary>Gets the base pointer (row 0). Valid only while a reference on <see cref="Memory"/> is held or the matrix is alive.</summary>
    internal float* BasePointer => _base;

    /// <summary>Returns the row stride for a vector length: <paramref name="dimensions"/> rounded up to a multiple of 16 floats (64 bytes).</summary>
    /// <param name="dimensions">The vector length; must be positive.</param>
    /// <returns>The stride in floats.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is zero, negative or too large to pad.</exception>
    public static int StrideFor(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, int.MaxValue - 15);
        return (dimensions + 15) & ~15;
    }

    /// <summary>Returns the number of bytes a matrix of the given shape occupies (<c>rows * StrideFor(dimensions) * 4</c>).</summary>
    /// <param name="rows">The number of rows; zero or more.</param>
    /// <param name="dimensions">The vector length; must be positive.</param>
    /// <returns>The size in bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public static long ByteSizeFor(int rows, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return (long)rows * StrideFor(dimensions) * sizeof(float);
    }

    /// <summary>
    /// Allocates a matrix that owns 64-byte aligned native memory, every element (vectors and padding) zeroed.
    /// Disposing the matrix frees the memory.
    /// </summary>
    /// <param name="rows">The number of rows; zero or more.</param>
    /// <param name="dimensions">The vector length; must be positive.</param>
    /// <returns>The new matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    /// <exception cref="OutOfMemoryException">The memory could not be allocated.</exception>
    public static VectorMatrix Allocate(int rows, int dimensions)
    {
        long bytes = ByteSizeFor(rows, dimensions);
        nuint size = (nuint)Math.Max(bytes, Alignment);
        void* pointer = NativeMemory.AlignedAlloc(size, Alignment);
        NativeMemory.Clear(pointer, size);
        return new VectorMatrix((float*)pointer, rows, dimensions, MatrixMemory.Owned(pointer));
    }

    /// <summary>
    /// Wraps external memory laid out as this type describes (<paramref name="rows"/> rows of
    /// <see cref="StrideFor(int)"/> floats, padding zero), for example a view of a memory-mapped file, without copying.
    /// </summary>
    /// <param name="basePointer">The first float of row 0; must be 64-byte aligned and stay valid until the matrix is disposed.</param>
    /// <param name="rows">The number of rows; zero or more.</param>
    /// <param name="dimensions">The vector length; must be positive.</param>
    /// <param name="owner">Disposed when the matrix is disposed (after running searches end), or <see langword="null"/>.</param>
    /// <returns>The matrix over the external memory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="basePointer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="basePointer"/> is not 64-byte aligned.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    internal static VectorMatrix Attach(float* basePointer, int rows, int dimensions, IDisposable? owner)
    {
        if (basePointer is null)
        {
            throw new ArgumentNullException(nameof(basePointer));
        }

        if (((nuint)basePointer & (Alignment - 1)) != 0)
        {
            throw new ArgumentException(
                $"The base pointer must be {Alignment}-byte aligned, but 0x{(nuint)basePointer:x} is not: align the data "
                + "(for example place it at a 64-byte aligned offset of the mapped file) or copy it into VectorMatrix.Allocate.",
                nameof(basePointer));
        }

        _ = ByteSizeFor(rows, dimensions);
        return new VectorMatrix(basePointer, rows, dimensions, MatrixMemory.External(basePointer, owner));
    }

    /// <summary>Returns the vector in row <paramref name="row"/> (its <see cref="Dimensions"/> floats, without the padding).</summary>
    /// <param name="row">The row index, <c>0 &lt;= row &lt; Rows</c>.</param>
    /// <returns>A span over the matrix memory; writes go straight to the matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The matrix has been disposed.</exception>
    public Span<float> GetRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        ObjectDisposedException.ThrowIf(_memory.IsClosed, this);
        return new Span<float>(_base + ((nint)row * Stride), Dimensions);
    }

    /// <summary>Returns a pointer to row <paramref name="row"/> (no checks).</summary>
    internal float* RowPointer(int row) => _base + ((nint)row * Stride);

    /// <summary>
    /// Releases the memory (frees an owned allocation, disposes the owner of attached memory) once no search is
    /// reading it. Calling it more than once is harmless.
    /// </summary>
    public void Dispose() => _memory.Dispose();
}
