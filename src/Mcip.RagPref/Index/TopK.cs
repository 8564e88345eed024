namespace Mcip.RagPref.Index;

/// <summary>
/// Bounded best-first lists of <see cref="SearchHit"/> in caller memory, ranked by similarity descending, then row
/// ascending, with an admission threshold so the scan loop rejects most rows with one comparison.
/// </summary>
/// <remarks>
/// Lists of up to <see cref="SortedLimit"/> slots are kept sorted (insertion); longer ones (large k, quantised candidate
/// lists) are binary heaps with the worst hit at the root, sorted by <see cref="Finish"/> when the order matters.
/// </remarks>
internal static unsafe class TopK
{
    /// <summary>The largest capacity kept as a sorted array; longer lists are heaps.</summary>
    public const int SortedLimit = 32;

    /// <summary>Whether <paramref name="row"/>/<paramref name="similarity"/> ranks before <paramref name="other"/>.</summary>
    public static bool Precedes(int row, float similarity, in SearchHit other) =>
        similarity > other.Similarity || (similarity == other.Similarity && row < other.Row);

    /// <summary>
    /// Offers a hit to a list of <paramref name="capacity"/> slots holding <paramref name="count"/> hits; keeps it when it
    /// ranks among the best. Returns the list's admission threshold (the worst kept similarity when full, else
    /// -infinity). NaN similarities are never kept.
    /// </summary>
    public static float Offer(SearchHit* list, int capacity, ref int count, int row, float similarity)
    {
        if (!float.IsNaN(similarity))
        {
            if (capacity <= SortedLimit)
            {
                OfferSorted(list, capacity, ref count, row, similarity);
            }
            else
            {
                OfferHeap(list, capacity, ref count, row, similarity);
            }
        }

        return count < capacity ? float.NegativeInfinity
            : capacity <= SortedLimit ? list[capacity - 1].Similarity
            : list[0].Similarity;
    }

    /// <summary>Puts a list in final order (similarity descending, row ascending); a no-op for sorted lists.</summary>
    public static void Finish(SearchHit* list, int capacity, int count)
    {
        if (capacity > SortedLimit && count > 1)
        {
            new Span<SearchHit>(list, count).Sort(default(HitOrder));
        }
    }

    /// <summary>
    /// Offers a block of scores for consecutive rows starting at <paramref name="firstRow"/> to the per-label lists of
    /// one query. Rows must arrive in ascending order across calls, so a score equal to the threshold never wins.
    /// </summary>
    public static void SelectBlock(
        float* scores,
        int blockLength,
        int firstRow,
        byte* labels,
        SearchHit* lists,
        int* counts,
        float* thresholds,
        int capacity)
    {
        for (int i = 0; i < blockLength; i++)
        {
            float score = scores[i];
            int label = labels[firstRow + i];
            if (score > thresholds[label])
            {
                thresholds[label] = Offer(lists + ((nint)label * capacity), capacity, ref counts[label], firstRow + i, score);
            }
        }
    }

    /// <summary>Resets <paramref name="listCount"/> lists: counts zero, thresholds -infinity.</summary>
    public static void Reset(int* counts, float* thresholds, int listCount)
    {
        new Span<int>(counts, listCount).Clear();
        new Span<float>(thresholds, listCount).Fill(float.NegativeInfinity);
    }

    private static void OfferSorted(SearchHit* list, int capacity, ref int count, int row, float similarity)
    {
        int position;
        if (count == capacity)
        {
            if (!Precedes(row, similarity, list[capacity - 1]))
            {
                return;
            }

            position = capacity - 1;
        }
        else
        {
            position = count++;
        }

        while (position > 0 && Precedes(row, similarity, list[position - 1]))
        {
            list[position] = list[position - 1];
            position--;
        }

        list[position] = new SearchHit(row, similarity);
    }

    private static void OfferHeap(SearchHit* heap, int capacity, ref int count, int row, float similarity)
    {
        var hit = new SearchHit(row, similarity);
        int i;
        if (count < capacity)
        {
            // Sift up: every parent ranks after (is worse than) its children, so the root is the worst hit.
            i = count++;
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (!Precedes(heap[parent].Row, heap[parent].Similarity, hit))
                {
                    break;
                }

                heap[i] = heap[parent];
                i = parent;
            }

            heap[i] = hit;
            return;
        }

        if (!Precedes(row, similarity, heap[0]))
        {
            return;
        }

        // Replace the worst (the root) and sift down towards the worse child.
        i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= capacity)
            {
                break;
            }

            if (child + 1 < capacity && Precedes(heap[child].Row, heap[child].Similarity, heap[child + 1]))
            {
                child++;
            }

            if (!Precedes(row, similarity, heap[child]))
            {
                break;
            }

            heap[i] = heap[child];
            i = child;
        }

        heap[i] = hit;
    }

    /// <summary>Final order: similarity descending, then row ascending.</summary>
    private readonly struct HitOrder : IComparer<SearchHit>
    {
        public int Compare(SearchHit x, SearchHit y) =>
            x.Similarity != y.Similarity ? y.Similarity.CompareTo(x.Similarity) : x.Row.CompareTo(y.Row);
    }
}
