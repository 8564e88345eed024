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

        int hitCapacity = 2 * kPerLabel;
        float[] unit = ArrayPool<float>.Shared.Rent(dimensions);
        SearchHit[]? rentedHits = hitCapacity > StackHits ? ArrayPool<SearchHit>.Shared.Rent(hitCapacity) : null;
        try
        {
            Span<float> normalised = unit.AsSpan(0, dimensions);
            Normalise(query, normalised, "The query vector", nameof(query));
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

    /// <summary>Normalises every query of <paramref name="queries"/> (back to back) and scans once for all of them.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of the dimensions, or a query is zero or not finite.</exception>
    public static StoreSearchResult[] SearchMany(StoreSnapshot snapshot, ReadOnlySpan<float> queries, int kPerLabel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(kPerLabel);
        int dimensions = snapshot.Vectors.Dimensions;
        if (queries.Length % dimensions != 0)
        {
            throw new ArgumentException($"The queries hold {queries.Length} floats, not a multiple of the store's {dimensions} dimensions: embed them with the store's embedder.", nameof(queries));
        }

        int count = queries.Length / dimensions;
        if (count == 0)
        {
            return [];
        }

        float[] unit = ArrayPool<float>.Shared.Rent(queries.Length);
        SearchHit[] hits = ArrayPool<SearchHit>.Shared.Rent(Math.Max(1, count * 2 * kPerLabel));
        int[] counts = ArrayPool<int>.Shared.Rent(count * 2);
        try
        {
            for (int q = 0; q < count; q++)
            {
                Normalise(queries.Slice(q * dimensions, dimensions), unit.AsSpan(q * dimensions, dimensions), $"Query {q}", nameof(queries));
            }

            snapshot.Index.SearchBatch(unit.AsSpan(0, queries.Length), kPerLabel, hits, counts);
            var results = new StoreSearchResult[count];
            for (int q = 0; q < count; q++)
            {
                int attack = ((q * 2) + (int)ExampleLabel.Attack) * kPerLabel;
                int benign = ((q * 2) + (int)ExampleLabel.Benign) * kPerLabel;
                results[q] = new StoreSearchResult(
                    Matches(snapshot, hits.AsSpan(attack, counts[(q * 2) + (int)ExampleLabel.Attack])),
                    Matches(snapshot, hits.AsSpan(benign, counts[(q * 2) + (int)ExampleLabel.Benign])),
                    snapshot.Version);
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(unit);
            ArrayPool<SearchHit>.Shared.Return(hits);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    /// <summary>Writes the unit vector of <paramref name="query"/>, or throws naming it when it is zero or not finite.</summary>
    private static void Normalise(ReadOnlySpan<float> query, Span<float> destination, string what, string paramName)
    {
        float norm = TensorPrimitives.Norm(query);
        if (!float.IsFinite(norm) || norm <= 0f)
        {
            throw new ArgumentException($"{what} has norm {norm}; it must be finite and non-zero.", paramName);
        }

        TensorPrimitives.Divide(query, norm, destination);
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
