namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// The receiver operating characteristic of a scoring rule: one <see cref="RocPoint"/> per distinct score (from the
/// highest down, after a first point that flags nothing), so ties move the curve diagonally. Immutable and safe to
/// share between threads.
/// </summary>
internal sealed class RocCurve
{
    private readonly RocPoint[] _points;

    private RocCurve(RocPoint[] points, int attacks, int benign, double auroc)
    {
        _points = points;
        Attacks = attacks;
        Benign = benign;
        Auroc = auroc;
    }

    /// <summary>Gets the points, from (0, 0) at threshold +infinity to (1, 1) at the lowest score; both rates never decrease.</summary>
    public ReadOnlySpan<RocPoint> Points => _points;

    /// <summary>Gets the number of attack items.</summary>
    public int Attacks { get; }

    /// <summary>Gets the number of benign items.</summary>
    public int Benign { get; }

    /// <summary>
    /// Gets the area under the curve (trapezoids): the probability that a random attack scores above a random benign
    /// item, ties counting one half. Equal to <see cref="EvaluationMetrics.Auroc(ReadOnlySpan{ScoredItem})"/>.
    /// </summary>
    public double Auroc { get; }

    /// <summary>Computes the curve of the given items. Cost: one sort of a pooled copy plus one array of points.</summary>
    /// <param name="items">Scored items; at least one attack and one benign item, every score finite.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="ArgumentException">A class is missing, or a score is NaN or infinite.</exception>
    public static RocCurve Create(ReadOnlySpan<ScoredItem> items)
    {
        using SortedScores sorted = SortedScores.Create(items, nameof(items));
        EvaluationMetrics.RequireBothClasses(sorted.Attacks, sorted.Benign, nameof(items));

        int groups = 0;
        int end = sorted.Count;
        while (sorted.NextGroupDown(ref end, out _))
        {
            groups++;
        }

        var points = new RocPoint[groups + 1];
        points[0] = new RocPoint(double.PositiveInfinity, 0, 0, 0, 0);
        int truePositives = 0;
        int falsePositives = 0;
        long twiceArea = 0;
        end = sorted.Count;
        for (int i = 1; sorted.NextGroupDown(ref end, out TieGroup group); i++)
        {
            // Trapezoid between the previous and this point, in units of 1 / (2 * attacks * benign).
            twiceArea += (long)group.Benign * ((2L * truePositives) + group.Attacks);
            truePositives += group.Attacks;
            falsePositives += group.Benign;
            points[i] = new RocPoint(
                group.Score,
                truePositives,
                falsePositives,
                (double)truePositives / sorted.Attacks,
                (double)falsePositives / sorted.Benign);
        }

        return new RocCurve(points, sorted.Attacks, sorted.Benign, twiceArea / (2.0 * sorted.Attacks * sorted.Benign));
    }

    /// <summary>
    /// Returns the operating point with the highest true-positive rate whose false-positive rate is at most
    /// <paramref name="maxFalsePositiveRate"/> (thresholds only fall between distinct scores, so ties cannot be split).
    /// When even the highest score's group breaks the limit, this is the point that flags nothing.
    /// </summary>
    /// <param name="maxFalsePositiveRate">The limit, in [0, 1]; for example 0.01 for TPR at 1% FPR.</param>
    /// <returns>The operating point, its threshold and both rates.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFalsePositiveRate"/> is outside [0, 1] or NaN.</exception>
    public RocPoint AtFalsePositiveRate(double maxFalsePositiveRate)
    {
        EvaluationMetrics.RequireRate(maxFalsePositiveRate, inclusiveOne: true, nameof(maxFalsePositiveRate));
        int allowed = EvaluationMetrics.AllowedCount(maxFalsePositiveRate, Benign);
        RocPoint best = _points[0];
        foreach (RocPoint point in _points)
        {
            if (point.FalsePositives > allowed)
            {
                break;
            }

            best = point;
        }

        return best;
    }
}
