using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Stores;

/// <content>Nearest-neighbour search.</content>
public sealed partial class ExampleStore
{
    /// <summary>The reference implementation's neighbours per label: 2.</summary>
    public const int DefaultNeighboursPerLabel = 2;

    /// <summary>
    /// Finds the <paramref name="kPerLabel"/> attack and benign examples nearest to a query vector, in one
    /// exact scan of the current snapshot. The query is normalised first (cosine similarity).
    /// </summary>
    /// <param name="query">A query vector from the store's embedder (any non-zero length).</param>
    /// <param name="kPerLabel">Neighbours per label; default <see cref="DefaultNeighboursPerLabel"/> (2).</param>
    /// <returns>The neighbours of each label, highest similarity first.</returns>
    /// <remarks>Never blocks; runs on the snapshot current at the call.</remarks>
    /// <exception cref="ArgumentException">The query's length differs from the store's dimensions, or it is zero or not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kPerLabel"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    internal StoreSearchResult Search(ReadOnlySpan<float> query, int kPerLabel = DefaultNeighboursPerLabel)
    {
        StoreSnapshot snapshot = Acquire();
        try
        {
            return StoreSearcher.Search(snapshot, query, kPerLabel);
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <summary>
    /// Embeds <paramref name="text"/> with <paramref name="generator"/> (after checking it has the store's
    /// fingerprint) and finds its nearest attack and benign examples.
    /// </summary>
    /// <param name="text">The request text, embedded as given.</param>
    /// <param name="generator">The embedder; it must have the store's fingerprint.</param>
    /// <param name="kPerLabel">Neighbours per label; default <see cref="DefaultNeighboursPerLabel"/> (2).</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>The neighbours of each label, highest similarity first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kPerLabel"/> is negative.</exception>
    /// <exception cref="RagPrefException">The generator's fingerprint differs from the store's (the message names both), or it returned no usable vector.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    internal async Task<StoreSearchResult> SearchAsync(
        string text,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        int kPerLabel = DefaultNeighboursPerLabel,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(kPerLabel);
        ThrowIfDisposed();
        EnsureSameEmbedder(generator);
        GeneratedEmbeddings<Embedding<float>> embeddings =
            await generator.GenerateAsync([text], options: null, cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != 1 || embeddings[0].Vector.Length != Fingerprint.Dimensions)
        {
            throw new RagPrefException(
                $"The embedding generator '{Fingerprint}' returned {embeddings.Count} vector(s) for one text"
                + (embeddings.Count == 1 ? $" of {embeddings[0].Vector.Length} dimensions instead of {Fingerprint.Dimensions}" : string.Empty)
                + ". It must return one vector per text with the dimensions its fingerprint states.");
        }

        return Search(embeddings[0].Vector.Span, kPerLabel);
    }
}
