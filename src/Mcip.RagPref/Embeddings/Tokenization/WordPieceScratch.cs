namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// The pooled scratch buffers one encoding call uses; rented lazily, returned by <see cref="Dispose"/>.
/// A mutable struct: keep it in a local and pass it by reference.
/// </summary>
internal struct WordPieceScratch : IDisposable
{
    /// <summary>Cleaned text with CJK ideographs padded by spaces.</summary>
    public PooledBuffer<char> Cleaned;

    /// <summary>Lower-cased text.</summary>
    public PooledBuffer<char> Lowered;

    /// <summary>Canonically decomposed (NFD) text.</summary>
    public PooledBuffer<char> Decomposed;

    /// <summary>The current word behind a <c>##</c> prefix, for continuation look-ups.</summary>
    public PooledBuffer<char> Word;

    /// <summary>The pieces of the current word, kept until the whole word is known to match.</summary>
    public PooledBuffer<int> Pieces;

    public void Dispose()
    {
        Cleaned.Dispose();
        Lowered.Dispose();
        Decomposed.Dispose();
        Word.Dispose();
        Pieces.Dispose();
    }
}
