namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>Counts ids without storing them.</summary>
internal struct CountingTokenSink : ITokenSink
{
    /// <summary>How many ids were added.</summary>
    public int Count { get; private set; }

    public bool TryAdd(int id)
    {
        Count++;
        return true;
    }
}
