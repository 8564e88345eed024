using System.Buffers;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// A scratch array rented from <see cref="ArrayPool{T}.Shared"/> on first use and replaced by a larger one
/// when needed. A mutable struct: keep it in a local or field and pass it by reference; call
/// <see cref="Dispose"/> in a <c>finally</c> block.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal struct PooledBuffer<T> : IDisposable
{
    private const int MinimumRent = 256;

    private T[]? _array;

    /// <summary>The rented array, or an empty span when nothing has been rented yet.</summary>
    public readonly Span<T> Current => _array;

    /// <summary>
    /// Returns a span of at least <paramref name="minimumLength"/> elements. Growing discards the previous
    /// content; use <see cref="Grow"/> to keep it.
    /// </summary>
    public Span<T> Get(int minimumLength)
    {
        if (_array is null || _array.Length < minimumLength)
        {
            Dispose();
            _array = ArrayPool<T>.Shared.Rent(Math.Max(minimumLength, MinimumRent));
        }

        return _array;
    }

    /// <summary>Returns a span of at least <paramref name="minimumLength"/> elements that keeps the first <paramref name="keep"/> elements.</summary>
    public Span<T> Grow(int minimumLength, int keep)
    {
        if (_array is not null && _array.Length >= minimumLength)
        {
            return _array;
        }

        T[] larger = ArrayPool<T>.Shared.Rent(Math.Max(minimumLength, Math.Max(MinimumRent, (int)Math.Min(Array.MaxLength, (_array?.Length ?? 0) * 2L))));
        if (_array is not null)
        {
            _array.AsSpan(0, keep).CopyTo(larger);
            ArrayPool<T>.Shared.Return(_array);
        }

        _array = larger;
        return larger;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<T>.Shared.Return(_array);
            _array = null;
        }
    }
}
