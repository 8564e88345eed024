namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// Appends ids to a growable pooled buffer; each segment (one text of a batch) can be limited on its own.
/// A mutable struct: pass by reference and dispose in a <c>finally</c> block.
/// </summary>
internal struct PooledTokenSink : ITokenSink, IDisposable
{
    private PooledBuffer<int> _buffer;
    private int _segmentLimitEnd;

    /// <summary>Total ids held.</summary>
    public int Count { get; private set; }

    /// <summary>The ids held.</summary>
    public readonly ReadOnlySpan<int> Ids => _buffer.Current[..Count];

    /// <summary>Starts a segment that accepts at most <paramref name="limit"/> ids.</summary>
    public void BeginSegment(int limit) => _segmentLimitEnd = (int)Math.Min(int.MaxValue, (long)Count + limit);

    public bool TryAdd(int id)
    {
        if (Count >= _segmentLimitEnd)
        {
            return false;
        }

        Span<int> span = _buffer.Current;
        if (Count == span.Length)
        {
            span = _buffer.Grow(Count + 1, Count);
        }

        span[Count++] = id;
        return true;
    }

    public void Dispose() => _buffer.Dispose();
}
