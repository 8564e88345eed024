namespace Mcip.RagPref.Tokenization;

/// <summary>
/// Pooled scratch for one SentencePiece encoding call; returned by <see cref="Dispose"/>.
/// A mutable struct: keep it in a local and pass it by reference.
/// </summary>
internal struct SentencePieceScratch : IDisposable
{
    /// <summary>NFKC-normalised text.</summary>
    public PooledBuffer<char> Normalized;

    /// <summary>The symbols (code points, or lone surrogates) of the prepared text.</summary>
    public PooledBuffer<int> Symbols;

    /// <summary>Best path score ending at each symbol boundary.</summary>
    public PooledBuffer<double> Best;

    /// <summary>The last piece of the best path ending at each boundary; later the output ids.</summary>
    public PooledBuffer<int> Words;

    /// <summary>Piece ids read back from the end of the lattice.</summary>
    public PooledBuffer<int> Results;

    public void Dispose()
    {
        Normalized.Dispose();
        Symbols.Dispose();
        Best.Dispose();
        Words.Dispose();
        Results.Dispose();
    }
}
