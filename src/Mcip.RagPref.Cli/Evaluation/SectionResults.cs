namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>The metrics of one <see cref="EvaluationSection"/>, computed once before the report is written.</summary>
internal sealed class SectionResults
{
    private SectionResults(EvaluationSection section, ConfusionCounts total)
    {
        Section = section;
        Total = total;
    }

    public EvaluationSection Section { get; }

    /// <summary>Gets the class counts (at threshold +infinity, so only the label counts matter).</summary>
    public ConfusionCounts Total { get; }

    /// <summary>Gets the ROC metrics, or <see langword="null"/> when a class is missing.</summary>
    public BinaryClassificationMetrics? Metrics { get; private init; }

    public ConfusionCounts? AtFlag { get; private init; }

    public ConfusionCounts? AtBlock { get; private init; }

    /// <summary>Gets the per-category rates at the Flag threshold (else the Block threshold), or empty.</summary>
    public IReadOnlyList<CategoryRate> Categories { get; private init; } = [];

    /// <summary>Gets the threshold the category rates were taken at.</summary>
    public double? CategoryThreshold { get; private init; }

    public static SectionResults Compute(EvaluationSection section)
    {
        ReadOnlySpan<ScoredItem> items = section.Items.Span;
        ConfusionCounts total = EvaluationMetrics.CountAt(items, double.PositiveInfinity);
        double? categoryThreshold = section.FlagThreshold ?? section.BlockThreshold;
        return new SectionResults(section, total)
        {
            Metrics = total.Attacks > 0 && total.Benign > 0 ? BinaryClassificationMetrics.Compute(items) : null,
            AtFlag = section.FlagThreshold is double flag ? EvaluationMetrics.CountAt(items, flag) : null,
            AtBlock = section.BlockThreshold is double block ? EvaluationMetrics.CountAt(items, block) : null,
            Categories = categoryThreshold is double t ? EvaluationMetrics.RatesByCategory(items, t) : [],
            CategoryThreshold = categoryThreshold,
        };
    }
}
