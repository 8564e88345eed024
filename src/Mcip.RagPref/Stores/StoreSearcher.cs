using System.Buffers;
using System.Numerics.Tensors;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Stores;

/// <summary>Runs one query against a snapshot's index and turns the hits into <see cref="ExampleMatch"/> lists.</summary>
internal static class StoreSearcher
{
    private const int StackHits = 64;

    /// <summary>Normalises <paramref name="query"/>, scans once, and returns the top <paramref name="kPerLabel"/> of each label.</summary>
    /// <exception cref="ArgumentException">The query has the wrong length, or is zero or not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kPerLabel"/> is negative.</exception>
    public static StoreSearchResult Search(StoreSnapshot snapshot, ReadOnlySpan<float> query, int kPerLabel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(kPerLabel);
        int dimensions = snapshot.Vectors.Dimensions;
        if (query.Length != dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} dimensions but the store's vectors have {dimensions}: embed it with the store's embedder.", nameof(query));
        }

        float norm = TensorPrimitives.Norm(query);
        if (!float.IsFinite(norm) || norm <= 0f)
        {
            throw new ArgumentException($"The query vector has norm {norm}; it must be finite and non-zero.", nameof(query));
        }

        int hitCapacity = 2 * kPerLabel;
        float[] unit = ArrayPool<float>.Shared.Rent(dimensions);
        SearchHit[]? rentedHits = hitCapacity > StackHits ? ArrayPool<SearchHit>.Shared.Rent(hitCapacity) : null;
        try
        {
            Span<float> normalised = unit.AsSpan(0, dimensions);
            TensorPrimitives.Divide(query, norm, normalised);
            Span<SearchHit> hits = rentedHits is null ? stackalloc SearchHit[StackHits] : rentedHits;
            Span<int> counts = stackalloc int[2];
            snapshot.Index.Search(normalised, kPerLabel, hits[..hitCapacity], counts);
            return new StoreSearchResult(
                Matches(snapshot, hits.Slice((int)ExampleLabel.Attack * kPerLabel, counts[(int)ExampleLabel.Attack])),
                Matches(snapshot, hits.Slice((int)ExampleLabel.Benign * kPerLabel, counts[(int)ExampleLabel.Benign])),
                snapshot.Version);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(unit);
            if (rentedHits is not null)
            {
                ArrayPool<SearchHit>.Shared.Return(rentedHits);
            }
        }
    }

    private static ExampleMatch[] Matches(StoreSnapshot snapshot, ReadOnlySpan<SearchHit> hits)
    {
        if (hits.IsEmpty)
        {
            return [];
        }

        var matches = new ExampleMatch[hits.Length];
        for (int i = 0; i < hits.Length; i++)
        {
            matches[i] = new ExampleMatch(snapshot.Examples[hits[i].Row], hits[i].Similarity, hits[i].Row);
        }

        return matches;
    }
}
