using Mcip.RagPref.Embeddings;

namespace Mcip.RagPref.Stores;

/// <summary>
/// A consistent, read-only view of an <see cref="ExampleStore"/> at one moment: examples and vectors
/// that belong together, however many adds and removes happen meanwhile. Get one from
/// <see cref="ExampleStore.GetSnapshot"/> and dispose it when done.
/// </summary>
/// <remarks>
/// Thread-safe for reading from any number of threads. Holding a snapshot keeps its vector memory
/// (and, for a loaded store, the mapped file) alive; dispose it promptly. Disposing twice is harmless;
/// any use after disposal throws <see cref="ObjectDisposedException"/>.
/// </remarks>
internal sealed class ExampleStoreSnapshot : IDisposable
{
    private readonly StoreSnapshot _snapshot;
    private int _disposed;

    internal ExampleStoreSnapshot(StoreSnapshot snapshot, EmbedderFingerprint fingerprint)
    {
        _snapshot = snapshot;
        Fingerprint = fingerprint;
    }

    /// <summary>The fingerprint of the embedder whose vectors the store holds.</summary>
    public EmbedderFingerprint Fingerprint { get; }

    /// <summary>The examples, in row order (row <c>i</c> is <c>Examples[i]</c>).</summary>
    public IReadOnlyList<Example> Examples => State.ReadOnlyExamples;

    /// <summary>The number of rows (examples and chunks).</summary>
    public int Count => State.Examples.Length;

    /// <summary>The number of attack rows.</summary>
    public int AttackCount => State.AttackCount;

    /// <summary>The number of benign rows.</summary>
    public int BenignCount => State.BenignCount;

    /// <summary>The store version this snapshot shows; it increases by one with every change.</summary>
    public long Version => State.Version;

    /// <summary>The label bytes, one per row: 0 benign, 1 attack.</summary>
    public ReadOnlySpan<byte> Labels => State.Labels;

    internal StoreSnapshot State
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _snapshot;
        }
    }

    /// <summary>The unit vector of row <paramref name="row"/>; valid until this snapshot is disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not a row of this snapshot.</exception>
    /// <exception cref="ObjectDisposedException">The snapshot was disposed.</exception>
    public ReadOnlySpan<float> GetVector(int row) => State.Vectors.GetRow(row);

    /// <summary>
    /// Finds the <paramref name="kPerLabel"/> attack and benign examples of this snapshot nearest to a query
    /// vector in one exact scan. The query is normalised first (cosine similarity).
    /// </summary>
    /// <param name="query">A query vector from the store's embedder (any non-zero length).</param>
    /// <param name="kPerLabel">Neighbours per label; default <see cref="ExampleStore.DefaultNeighboursPerLabel"/> (2).</param>
    /// <returns>The neighbours of each label, highest similarity first.</returns>
    /// <exception cref="ArgumentException">The query's length differs from the store's dimensions, or it is zero or not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kPerLabel"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The snapshot was disposed.</exception>
    public StoreSearchResult Search(ReadOnlySpan<float> query, int kPerLabel = ExampleStore.DefaultNeighboursPerLabel) =>
        StoreSearcher.Search(State, query, kPerLabel);

    /// <summary>
    /// Searches for several queries in one pass over the rows (several times the throughput of separate searches);
    /// results are identical to <see cref="Search"/> for each query.
    /// </summary>
    /// <param name="queries">The queries back to back, each of the store's dimensions (any non-zero length; each is normalised).</param>
    /// <param name="kPerLabel">Neighbours per label.</param>
    /// <returns>One result per query, in order.</returns>
    /// <exception cref="ArgumentException">A query is zero or not finite, or the length is not a multiple of the dimensions.</exception>
    public StoreSearchResult[] SearchMany(ReadOnlySpan<float> queries, int kPerLabel = ExampleStore.DefaultNeighboursPerLabel) =>
        StoreSearcher.SearchMany(State, queries, kPerLabel);

    /// <summary>Releases this view's hold on the store's memory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _snapshot.Release();
        }
    }
}
