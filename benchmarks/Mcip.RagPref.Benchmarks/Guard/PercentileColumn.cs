using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace Mcip.RagPref.Benchmarks.Guard;

/// <summary>
/// A percentile of the measurements BenchmarkDotNet 0.14 has no preset for (its <see cref="StatisticColumn"/> offers
/// P0, P25, P50, P67, P80, P85, P90, P95 and P100 presets). It reads <c>Statistics.Percentiles.Percentile(n)</c>, the
/// same estimator the presets use, over the same measurements (the workload's actual iterations, after the job's
/// outlier mode).
/// </summary>
internal sealed class PercentileColumn(int percentile) : IColumn
{
    /// <summary>The 99th percentile.</summary>
    public static readonly IColumn P99 = new PercentileColumn(99);

    public string Id => $"{nameof(PercentileColumn)}.P{percentile}";

    public string ColumnName => $"P{percentile}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => $"Percentile {percentile} of all measurements (per-operation times; interpolated between the closest ranks)";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkDotNet.Mathematics.Statistics? statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null || statistics.N == 0)
        {
            return "NA";
        }

        double nanoseconds = statistics.Percentiles.Percentile(percentile);
        return new TimeInterval(nanoseconds).ToString(style.TimeUnit, "N3", style.CultureInfo, new Perfolizer.Metrology.UnitPresentation(style.PrintUnitsInContent, 0, gap: true));
    }

    public override string ToString() => ColumnName;
}
