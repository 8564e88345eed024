namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>Writes ids as <see cref="long"/> into a caller's span, up to a limit.</summary>
internal ref struct SpanTokenSink : ITokenSink
{
    private readonly Span<long> _destination;
    private readonly int _limit;

    public SpanTokenSink(Span<long> destination, int limit)
    {
        _destination = destination;
        _limit = Math.Min(limit, destination.Length);
    }

    /// <summary>How many ids were written.</summary>
    public int Count { get; private set; }

    /// <summary>True when an id was refused because the limit was reached.</summary>
    public bool Overflowed { get; private set; }

    public bool TryAdd(int id)
    {
        if (Count >= _limit)
        {
            Overflowed = true;
            return false;
        }

        _destination[Count++] = id;
        return true;
    }
}
