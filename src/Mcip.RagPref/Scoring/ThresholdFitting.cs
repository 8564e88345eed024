using System.Buffers;

namespace Mcip.RagPref.Scoring;

/// <summary>Fits decision thresholds on benign scores for a target false-positive rate.</summary>
/// <remarks>Stateless and thread-safe. Public as <see cref="ThresholdFit.Fit"/>.</remarks>
internal static class ThresholdFitting
{
    /// <summary>
    /// Fits the lowest threshold whose false-positive rate on <paramref name="benignScores"/> is at most
    /// <paramref name="targetFalsePositiveRate"/>: items scoring at or above it are flagged.
    /// </summary>
    /// <param name="benignScores">Scores of benign items (finite numbers, at least one).</param>
    /// <param name="targetFalsePositiveRate">The largest share of benign items to flag, in [0, 1).</param>
    /// <returns>The threshold and what it achieves on these scores.</returns>
    /// <exception cref="ArgumentException">No score was given, or a score is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1).</exception>
    public static ThresholdFit Fit(ReadOnlySpan<double> benignScores, double targetFalsePositiveRate)
    {
        if (!(targetFalsePositiveRate >= 0 && targetFalsePositiveRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFalsePositiveRate), targetFalsePositiveRate, "The rate must be in [0, 1).");
        }

        if (benignScores.IsEmpty)
        {
            throw new ArgumentException(
                "Fitting a threshold for a false-positive rate needs benign scores, but none was given. Score labelled benign items first.",
                nameof(benignScores));
        }

        for (int i = 0; i < benignScores.Length; i++)
        {
            if (!double.IsFinite(benignScores[i]))
            {
                throw new ArgumentException(
                    $"Every score must be a finite number, but item {i} has score {benignScores[i]}. Replace or drop items the scorer could not score.",
                    nameof(benignScores));
            }
        }

        double[] sorted = ArrayPool<double>.Shared.Rent(benignScores.Length);
        try
        {
            Span<double> span = sorted.AsSpan(0, benignScores.Length);
            benignScores.CopyTo(span);
            span.Sort();
            int allowed = AllowedCount(targetFalsePositiveRate, span.Length);
            double cut = span[span.Length - 1 - allowed];
            double threshold = Math.BitIncrement(cut);
            int flagged = span.Length - (span.LastIndexOf(cut) + 1);
            return new ThresholdFit(threshold, targetFalsePositiveRate, flagged, span.Length);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sorted);
        }
    }

    /// <summary>How many of <paramref name="count"/> items a rate allows, forgiving the rounding of <c>rate * count</c>.</summary>
    internal static int AllowedCount(double rate, int count) =>
        (int)Math.Min(count, Math.Floor((rate * count) + 1e-9));
}
