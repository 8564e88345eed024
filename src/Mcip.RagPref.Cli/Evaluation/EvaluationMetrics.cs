using Mcip.RagPref.Scoring;
using System.Buffers;

namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// Metrics over scored items (<see cref="ScoredItem"/>: attack or benign, higher score = more attack-like). An item is
/// flagged at threshold <c>t</c> when <c>Score &gt;= t</c>. Every method is pure, thread-safe, and allocates at most
/// its result (scratch comes from <see cref="ArrayPool{T}.Shared"/>). Scores must be finite.
/// </summary>
internal static class EvaluationMetrics
{
    /// <summary>
    /// Computes the exact area under the ROC curve as the Mann-Whitney statistic: the share of (attack, benign)
    /// pairs in which the attack scores higher, a tie counting one half (the average-rank treatment of ties).
    /// 1 means every attack outranks every benign item, 0.5 chance (or all scores tied), 0 a perfectly inverted rule.
    /// Cost: one O(n log n) sort of a pooled copy; no allocation.
    /// </summary>
    /// <param name="items">Scored items; at least one attack and one benign item.</param>
    /// <returns>The AUROC in [0, 1].</returns>
    /// <exception cref="ArgumentException">A class is missing, or a score is NaN or infinite.</exception>
    public static double Auroc(ReadOnlySpan<ScoredItem> items)
    {
        using SortedScores sorted = SortedScores.Create(items, nameof(items));
        RequireBothClasses(sorted.Attacks, sorted.Benign, nameof(items));

        // Walking down, each attack in a group wins against the benign items below it and ties the group's own.
        long twiceWins = 0;
        long benignAbove = 0;
        int end = sorted.Count;
        while (sorted.NextGroupDown(ref end, out TieGroup group))
        {
            long benignBelow = sorted.Benign - benignAbove - group.Benign;
            twiceWins += group.Attacks * ((2 * benignBelow) + group.Benign);
            benignAbove += group.Benign;
        }

        return twiceWins / (2.0 * sorted.Attacks * sorted.Benign);
    }

    /// <summary>Counts the confusion matrix at one threshold. Cost: one pass; no allocation.</summary>
    /// <param name="items">Scored items (either class may be missing; its rates are then NaN).</param>
    /// <param name="threshold">Items with <c>Score &gt;= threshold</c> are flagged.</param>
    /// <returns>The counts and rates.</returns>
    /// <exception cref="ArgumentException">A score is NaN or infinite, or <paramref name="threshold"/> is NaN.</exception>
    public static ConfusionCounts CountAt(ReadOnlySpan<ScoredItem> items, double threshold)
    {
        RequireThreshold(threshold, nameof(threshold));
        int tp = 0, fn = 0, fp = 0, tn = 0;
        for (int i = 0; i < items.Length; i++)
        {
            ScoredItem item = items[i];
            if (!double.IsFinite(item.Score))
            {
                throw SortedScores.NotFinite(nameof(items), i, item.Score);
            }

            bool flagged = item.Score >= threshold;
            if (item.IsAttack)
            {
                tp += flagged ? 1 : 0;
                fn += flagged ? 0 : 1;
            }
            else
            {
                fp += flagged ? 1 : 0;
                tn += flagged ? 0 : 1;
            }
        }

        return new ConfusionCounts(threshold, tp, fn, fp, tn);
    }

    /// <summary>
    /// Fits the threshold the guard uses to reach a target false-positive rate: the smallest threshold whose
    /// false-positive rate on the given benign scores is at most <paramref name="targetFalsePositiveRate"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// With n benign scores the fit may flag at most <c>m = floor(target * n)</c> of them. Sorting the scores from the
    /// highest down, the threshold is the smallest double strictly above the (m+1)-th highest score
    /// (<see cref="Math.BitIncrement(double)"/>), so the m highest scores are flagged and the rest are not.
    /// </para>
    /// <para>
    /// Ties: scores equal to the (m+1)-th highest are never flagged, so when the m-th and (m+1)-th highest scores tie
    /// the fit flags fewer than m items and the achieved rate falls below the target (a threshold cannot split a tie).
    /// Tiny sets: the resolution is 1/n; with a target below it (for example 1% on fewer than 100 items) m is 0 and the
    /// threshold lies just above the highest benign score (<see cref="ThresholdFit.IsLimitedBySampleSize"/> is then
    /// <see langword="true"/>). A target of 0 always gives that threshold.
    /// </para>
    /// </remarks>
    /// <param name="benignScores">Scores of benign items; at least one, every one finite.</param>
    /// <param name="targetFalsePositiveRate">The target, in [0, 1).</param>
    /// <returns>The threshold and what it achieves on the fitting scores.</returns>
    /// <exception cref="ArgumentException"><paramref name="benignScores"/> is empty, or a score is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetFalsePositiveRate"/> is outside [0, 1) or NaN.</exception>
    public static ThresholdFit FitThreshold(ReadOnlySpan<double> benignScores, double targetFalsePositiveRate) =>
        ThresholdFit.Fit(benignScores, targetFalsePositiveRate);

    /// <summary>
    /// Fits a threshold on the benign items of <paramref name="items"/> (attacks are ignored); see
    /// <see cref="FitThreshold(ReadOnlySpan{double}, double)"/>.
    /// </summary>
    /// <param name="items">Scored items holding at least one benign item.</param>
    /// <param name="targetFalsePositiveRate">The target, in [0, 1).</param>
    /// <returns>The threshold and what it achieves on the benign items.</returns>
    /// <exception cref="ArgumentException"><paramref name="items"/> holds no benign item, or a score is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetFalsePositiveRate"/> is outside [0, 1) or NaN.</exception>
    public static ThresholdFit FitThreshold(ReadOnlySpan<ScoredItem> items, double targetFalsePositiveRate)
    {
        double[] benign = ArrayPool<double>.Shared.Rent(Math.Max(1, items.Length));
        try
        {
            int count = 0;
            foreach (ScoredItem item in items)
            {
                if (!item.IsAttack)
                {
                    benign[count++] = item.Score;
                }
            }

            return FitThreshold(benign.AsSpan(0, count), targetFalsePositiveRate);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(benign);
        }
    }

    /// <summary>
    /// Computes, per category and label, the share of items flagged at <paramref name="threshold"/>: recall for attack
    /// categories, the false-positive rate for benign ones. Items without a category are grouped under "".
    /// </summary>
    /// <param name="items">Scored items.</param>
    /// <param name="threshold">Items with <c>Score &gt;= threshold</c> are flagged.</param>
    /// <returns>One row per (label, category) present: attacks first, then benign, each by category (ordinal).</returns>
    /// <exception cref="ArgumentException">A score is NaN or infinite, or <paramref name="threshold"/> is NaN.</exception>
    public static IReadOnlyList<CategoryRate> RatesByCategory(ReadOnlySpan<ScoredItem> items, double threshold)
    {
        RequireThreshold(threshold, nameof(threshold));
        var counts = new Dictionary<(bool IsAttack, string Category), (int Count, int Flagged)>();
        for (int i = 0; i < items.Length; i++)
        {
            ScoredItem item = items[i];
            if (!double.IsFinite(item.Score))
            {
                throw SortedScores.NotFinite(nameof(items), i, item.Score);
            }

            var key = (item.IsAttack, item.Category ?? string.Empty);
            counts.TryGetValue(key, out (int Count, int Flagged) value);
            counts[key] = (value.Count + 1, value.Flagged + (item.Score >= threshold ? 1 : 0));
        }

        var rates = new List<CategoryRate>(counts.Count);
        foreach (KeyValuePair<(bool IsAttack, string Category), (int Count, int Flagged)> pair in counts)
        {
            rates.Add(new CategoryRate(pair.Key.Category, pair.Key.IsAttack, pair.Value.Count, pair.Value.Flagged));
        }

        rates.Sort(static (a, b) => a.IsAttack != b.IsAttack
            ? (a.IsAttack ? -1 : 1)
            : string.CompareOrdinal(a.Category, b.Category));
        return rates;
    }

    /// <summary>
    /// Computes the "contrast accuracy" of margins: the share of items whose margin has the sign of their label,
    /// positive for attacks and negative for benign items (for example mean top-k attack similarity minus mean top-k
    /// benign similarity). A margin of exactly zero is counted as wrong for both labels.
    /// </summary>
    /// <param name="margins">Items whose <see cref="ScoredItem.Score"/> is the margin; at least one.</param>
    /// <returns>The share in [0, 1].</returns>
    /// <exception cref="ArgumentException"><paramref name="margins"/> is empty or holds a NaN or infinite margin.</exception>
    public static double ContrastAccuracy(ReadOnlySpan<ScoredItem> margins)
    {
        if (margins.IsEmpty)
        {
            throw new ArgumentException("Contrast accuracy needs at least one item, but none was given.", nameof(margins));
        }

        int correct = 0;
        for (int i = 0; i < margins.Length; i++)
        {
            ScoredItem item = margins[i];
            if (!double.IsFinite(item.Score))
            {
                throw SortedScores.NotFinite(nameof(margins), i, item.Score);
            }

            correct += item.IsAttack ? (item.Score > 0 ? 1 : 0) : (item.Score < 0 ? 1 : 0);
        }

        return (double)correct / margins.Length;
    }

    /// <summary>
    /// Returns the nearest-rank percentile: the value at 1-based rank <c>ceil(p / 100 * n)</c> of the sorted values.
    /// Cost: one sort of a pooled copy.
    /// </summary>
    /// <param name="values">At least one value; none NaN.</param>
    /// <param name="percentile">The percentile p, in (0, 100].</param>
    /// <returns>One of the values.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentile"/> is outside (0, 100].</exception>
    public static double Percentile(ReadOnlySpan<double> values, double percentile)
    {
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be in (0, 100].");
        }

        double[] sorted = LatencyPercentiles.SortedCopy(values, nameof(values));
        try
        {
            return LatencyPercentiles.NearestRank(sorted.AsSpan(0, values.Length), percentile);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sorted);
        }
    }

    /// <summary>
    /// How many of <paramref name="count"/> items a rate allows, forgiving the rounding of <c>rate * count</c>: the rule
    /// of the core's threshold fitting (<see cref="ThresholdFit.Fit"/>; a test keeps the two equal).
    /// </summary>
    internal static int AllowedCount(double rate, int count) =>
        (int)Math.Min(count, Math.Floor((rate * count) + 1e-9));

    internal static void RequireBothClasses(int attacks, int benign, string paramName)
    {
        if (attacks == 0 || benign == 0)
        {
            throw new ArgumentException(
                $"ROC metrics need at least one attack and one benign item, but found {attacks} attack and {benign} benign items. "
                + "Evaluate on a set holding both labels.",
                paramName);
        }
    }

    internal static void RequireRate(double rate, bool inclusiveOne, string paramName)
    {
        bool valid = rate >= 0 && (inclusiveOne ? rate <= 1 : rate < 1);
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(
                paramName, rate, inclusiveOne ? "The rate must be in [0, 1]." : "The rate must be in [0, 1).");
        }
    }

    private static void RequireThreshold(double threshold, string paramName)
    {
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold must be a number, but it is NaN.", paramName);
        }
    }
}
