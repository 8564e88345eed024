using System.Buffers;

namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// Pooled copy of scored items sorted by score ascending, with the attack counts per tie group read by
/// <see cref="NextGroupDown"/>. Dispose to return the buffers.
/// </summary>
internal ref struct SortedScores
{
    private double[]? _scores;
    private bool[]? _labels;

    private SortedScores(double[] scores, bool[] labels, int count, int attacks)
    {
        _scores = scores;
        _labels = labels;
        Count = count;
        Attacks = attacks;
    }

    /// <summary>Gets the number of items.</summary>
    public int Count { get; }

    /// <summary>Gets the number of attack items.</summary>
    public readonly int Attacks { get; }

    /// <summary>Gets the number of benign items.</summary>
    public readonly int Benign => Count - Attacks;

    /// <summary>Gets the sorted scores.</summary>
    public readonly ReadOnlySpan<double> Scores => _scores.AsSpan(0, Count);

    /// <summary>Gets the labels in the order of <see cref="Scores"/> (<see langword="true"/> = attack).</summary>
    public readonly ReadOnlySpan<bool> Labels => _labels.AsSpan(0, Count);

    /// <summary>Copies and sorts the items; throws when a score is not finite.</summary>
    public static SortedScores Create(ReadOnlySpan<ScoredItem> items, string paramName)
    {
        double[] scores = ArrayPool<double>.Shared.Rent(Math.Max(1, items.Length));
        bool[] labels = ArrayPool<bool>.Shared.Rent(Math.Max(1, items.Length));
        int attacks = 0;
        for (int i = 0; i < items.Length; i++)
        {
            double score = items[i].Score;
            if (!double.IsFinite(score))
            {
                ArrayPool<double>.Shared.Return(scores);
                ArrayPool<bool>.Shared.Return(labels);
                throw NotFinite(paramName, i, score);
            }

            scores[i] = score;
            labels[i] = items[i].IsAttack;
            attacks += items[i].IsAttack ? 1 : 0;
        }

        scores.AsSpan(0, items.Length).Sort(labels.AsSpan(0, items.Length));
        return new SortedScores(scores, labels, items.Length, attacks);
    }

    /// <summary>The exception for a score that is NaN or infinite.</summary>
    public static ArgumentException NotFinite(string paramName, int index, double score) =>
        new($"Every score must be a finite number, but item {index} has score {score}. Replace or drop items the scorer could not score.", paramName);

    /// <summary>
    /// Reads the tie group that ends just below <paramref name="end"/> (start with <see cref="Count"/>): the items
    /// sharing the highest score left, walking from the highest score down. Returns <see langword="false"/> when
    /// no item is left; otherwise moves <paramref name="end"/> to the group's first index.
    /// </summary>
    public readonly bool NextGroupDown(ref int end, out TieGroup group)
    {
        if (end <= 0)
        {
            group = default;
            return false;
        }

        ReadOnlySpan<double> scores = Scores;
        ReadOnlySpan<bool> labels = Labels;
        double score = scores[end - 1];
        int attacks = 0;
        int start = end;
        while (start > 0 && scores[start - 1] == score)
        {
            start--;
            attacks += labels[start] ? 1 : 0;
        }

        group = new TieGroup(score, attacks, end - start - attacks);
        end = start;
        return true;
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        if (_scores is not null)
        {
            ArrayPool<double>.Shared.Return(_scores);
            ArrayPool<bool>.Shared.Return(_labels!);
            _scores = null;
            _labels = null;
        }
    }
}
