namespace Mcip.RagPref.Index;

/// <summary>
/// Bounded best-first lists of <see cref="SearchHit"/>: each list is a slice of <c>capacity</c> slots kept sorted by
/// similarity descending, then row ascending, with a separate admission threshold so the scan loop can reject
/// a row with one comparison.
/// </summary>
internal static unsafe class TopK
{
    /// <summary>Whether <paramref name="row"/>/<paramref name="similarity"/> ranks before <paramref name="other"/>.</summary>
    public static bool Precedes(int row, float similarity, in SearchHit other) =>
        similarity > other.Similarity || (similarity == other.Similarity && row < other.Row);

    /// <summary>
    /// Offers a hit to a list of <paramref name="capacity"/> slots holding <paramref name="count"/> hits; keeps it when it
    /// ranks among the best. Returns the list's new admission threshold (the last similarity when full, else -infinity).
    /// NaN similarities are never kept.
    /// </summary>
    public static float Offer(SearchHit* list, int capacity, ref int count, int row, float similarity)
    {
        if (float.IsNaN(similarity))
        {
            return count == capacity ? list[capacity - 1].Similarity : float.NegativeInfinity;
        }

        int position;
        if (count == capacity)
        {
            if (!Precedes(row, similarity, list[capacity - 1]))
            {
                return list[capacity - 1].Similarity;
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
        return count == capacity ? list[capacity - 1].Similarity : float.NegativeInfinity;
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
}
