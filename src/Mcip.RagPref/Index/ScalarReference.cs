namespace Mcip.RagPref.Index;

/// <summary>
/// The obvious implementation every kernel and scan is checked against: double-precision dot products and a full
/// sort of every row per label. Slow; for tests and for measuring recall.
/// </summary>
internal static class ScalarReference
{
    /// <summary>Returns the dot product of two equal-length vectors, accumulated in double precision.</summary>
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"The vectors must have equal lengths, but they have {a.Length} and {b.Length}.", nameof(b));
        }

        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// Returns, for each label, the <paramref name="k"/> best rows by similarity descending then row ascending, found by
    /// scoring every row with <paramref name="score"/> and sorting.
    /// </summary>
    public static SearchHit[][] Search(
        int rows,
        ReadOnlySpan<byte> labels,
        int labelCount,
        int k,
        Func<int, float> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var perLabel = new List<SearchHit>[labelCount];
        for (int label = 0; label < labelCount; label++)
        {
            perLabel[label] = [];
        }

        for (int row = 0; row < rows; row++)
        {
            perLabel[labels[row]].Add(new SearchHit(row, score(row)));
        }

        var result = new SearchHit[labelCount][];
        for (int label = 0; label < labelCount; label++)
        {
            List<SearchHit> list = perLabel[label];
            list.Sort(static (x, y) => x.Similarity != y.Similarity ? y.Similarity.CompareTo(x.Similarity) : x.Row.CompareTo(y.Row));
            result[label] = list.GetRange(0, Math.Min(k, list.Count)).ToArray();
        }

        return result;
    }
}
