namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// The headline metrics of a scoring rule on one labelled set: AUROC and the true-positive rate at 1% and 5%
/// false positives, with the ROC curve they come from. Immutable and safe to share between threads.
/// </summary>
internal sealed class BinaryClassificationMetrics
{
    private BinaryClassificationMetrics(RocCurve roc)
    {
        Roc = roc;
        AtOnePercentFalsePositives = roc.AtFalsePositiveRate(0.01);
        AtFivePercentFalsePositives = roc.AtFalsePositiveRate(0.05);
    }

    /// <summary>Gets the number of attack items.</summary>
    public int Attacks => Roc.Attacks;

    /// <summary>Gets the number of benign items.</summary>
    public int Benign => Roc.Benign;

    /// <summary>Gets the area under the ROC curve (Mann-Whitney, ties count one half).</summary>
    public double Auroc => Roc.Auroc;

    /// <summary>Gets the best operating point with at most 1% false positives (its true-positive rate is "TPR at 1% FPR").</summary>
    public RocPoint AtOnePercentFalsePositives { get; }

    /// <summary>Gets the best operating point with at most 5% false positives.</summary>
    public RocPoint AtFivePercentFalsePositives { get; }

    /// <summary>Gets the full ROC curve.</summary>
    public RocCurve Roc { get; }

    /// <summary>Computes the metrics of the given items.</summary>
    /// <param name="items">Scored items; at least one attack and one benign item, every score finite.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">A class is missing, or a score is NaN or infinite.</exception>
    public static BinaryClassificationMetrics Compute(ReadOnlySpan<ScoredItem> items) => new(RocCurve.Create(items));
}
