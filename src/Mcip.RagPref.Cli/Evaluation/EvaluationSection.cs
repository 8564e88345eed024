namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// One block of an <see cref="EvaluationReport"/>: the scores one method gave the items of one data file, with the
/// thresholds and measurements to show beside them. Items are not copied: keep them unchanged until the report is written.
/// </summary>
internal sealed class EvaluationSection
{
    /// <summary>Gets the data file or set the items come from, for example <c>deepset-prompt-injections (test)</c>.</summary>
    public required string DataSet { get; init; }

    /// <summary>Gets the scoring method, for example <c>minilm, margin top-2</c>.</summary>
    public required string Method { get; init; }

    /// <summary>
    /// Gets the scored items. ROC metrics need both labels; a set holding one label only (for example benign
    /// trigger-word prompts) is reported with its counts, rates at the thresholds and histogram.
    /// </summary>
    public required ReadOnlyMemory<ScoredItem> Items { get; init; }

    /// <summary>Gets the Flag threshold to mark on the charts and measure at, or <see langword="null"/> for none (the default).</summary>
    public double? FlagThreshold { get; init; }

    /// <summary>Gets the Block threshold to mark on the charts and measure at, or <see langword="null"/> for none (the default).</summary>
    public double? BlockThreshold { get; init; }

    /// <summary>
    /// Gets the contrast accuracy to show (see <see cref="EvaluationMetrics.ContrastAccuracy"/>), or
    /// <see langword="null"/> when the scores are not margins (the default).
    /// </summary>
    public double? ContrastAccuracy { get; init; }

    /// <summary>Gets the latency summary in milliseconds to show, or <see langword="null"/> for none (the default).</summary>
    public LatencyPercentiles? LatencyMilliseconds { get; init; }

    /// <summary>Gets a free-text note shown under the heading, or <see langword="null"/> (the default).</summary>
    public string? Notes { get; init; }
}
