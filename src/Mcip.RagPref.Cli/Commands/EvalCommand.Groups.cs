using Mcip.RagPref.Cli.Evaluation;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Commands;

/// <content>Pooling scored items into the groups <c>--group-by</c> names, and measuring each group.</content>
internal static partial class EvalCommand
{
    /// <summary>What one row of the summary covers.</summary>
    internal enum GroupBy
    {
        /// <summary>One row per <c>--data</c> file (the default).</summary>
        File,

        /// <summary>Items of all files pooled, one row per surface.</summary>
        Surface,

        /// <summary>Items of all files pooled, one row per category.</summary>
        Category,

        /// <summary>Items of all files pooled into one row.</summary>
        All,
    }

    /// <summary>The <c>--group-by</c> values, in the order the help lists them.</summary>
    internal static readonly string[] GroupByNames = ["file", "surface", "category", "all"];

    /// <summary>The group key of items without a category.</summary>
    internal const string NoCategory = "(none)";

    internal static GroupBy ParseGroupBy(string? name) => name?.ToLowerInvariant() switch
    {
        null or "file" => GroupBy.File,
        "surface" => GroupBy.Surface,
        "category" => GroupBy.Category,
        "all" => GroupBy.All,
        _ => throw new CliUsageException($"--group-by '{name}' is not a grouping; use {string.Join(", ", GroupByNames)}."),
    };

    /// <summary>The first column's heading of the summary table.</summary>
    internal static string GroupColumn(GroupBy by) => by switch
    {
        GroupBy.Surface => "surface",
        GroupBy.Category => "category",
        _ => "data",
    };

    /// <summary>
    /// Splits scored items into groups and measures each: files in the order given, surfaces in their enum order,
    /// categories in ordinal order (<see cref="NoCategory"/> for items without one).
    /// </summary>
    internal static List<EvalGroup> Measure(IReadOnlyList<EvalRecord> records, GroupBy by, string method)
    {
        var groups = new List<(string Key, List<EvalRecord> Records)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (EvalRecord record in records)
        {
            string key = KeyOf(record, by);
            if (!index.TryGetValue(key, out int at))
            {
                at = groups.Count;
                index[key] = at;
                groups.Add((key, []));
            }

            groups[at].Records.Add(record);
        }

        if (by == GroupBy.Surface)
        {
            groups.Sort(static (a, b) => a.Records[0].Surface.CompareTo(b.Records[0].Surface));
        }
        else if (by == GroupBy.Category)
        {
            groups.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        return [.. groups.Select(g => MeasureGroup(g.Key, g.Records, by, method))];
    }

    private static string KeyOf(EvalRecord record, GroupBy by) => by switch
    {
        GroupBy.File => record.DataSet,
        GroupBy.Surface => GuardNames.Surface(record.Surface),
        GroupBy.Category => string.IsNullOrEmpty(record.Category) ? NoCategory : record.Category,
        _ => "all",
    };

    private static EvalGroup MeasureGroup(string key, List<EvalRecord> records, GroupBy by, string method)
    {
        var items = new ScoredItem[records.Count];
        var margins = new ScoredItem[records.Count];
        var flagged = new ScoredItem[records.Count];
        var latencies = new double[records.Count];
        var (flagCounts, blockCounts) = (new int[4], new int[4]);
        var (retrievalFlagCounts, retrievalBlockCounts) = (new int[4], new int[4]);
        bool anyContext = false;
        SurfacePolicy? shared = records[0].Policy;
        for (int i = 0; i < records.Count; i++)
        {
            EvalRecord r = records[i];
            items[i] = new ScoredItem(r.IsAttack, r.Score, r.Category);
            margins[i] = new ScoredItem(r.IsAttack, r.Margin, r.Category);
            flagged[i] = new ScoredItem(r.IsAttack, r.Verdict == GuardVerdict.Allow ? 0 : 1, r.Category);
            latencies[i] = r.LatencyMilliseconds;
            Tally(flagCounts, r.IsAttack, r.Verdict != GuardVerdict.Allow);
            Tally(blockCounts, r.IsAttack, r.Verdict == GuardVerdict.Block);
            Tally(retrievalFlagCounts, r.IsAttack, r.RetrievalVerdict != GuardVerdict.Allow);
            Tally(retrievalBlockCounts, r.IsAttack, r.RetrievalVerdict == GuardVerdict.Block);
            anyContext |= r.HadContext;
            if (shared is not null && shared != r.Policy)
            {
                shared = null;
            }
        }

        var notes = new List<string>();
        if (by != GroupBy.File)
        {
            string[] files = [.. records.Select(r => r.DataSet).Distinct(StringComparer.Ordinal)];
            notes.Add($"Pooled from {files.Length} file{(files.Length == 1 ? string.Empty : "s")}: {string.Join(", ", files)}.");
        }

        if (shared is null)
        {
            notes.Add("The items come from surfaces with different thresholds: each is flagged and blocked at its own surface's thresholds, so no single threshold is drawn.");
        }

        var section = new EvaluationSection
        {
            DataSet = by switch
            {
                GroupBy.Surface => $"surface {key}",
                GroupBy.Category => $"category {key}",
                _ => key,
            },
            Method = method,
            Items = items,
            FlagThreshold = shared?.FlagThreshold,
            BlockThreshold = shared?.BlockThreshold,
            ContrastAccuracy = EvaluationMetrics.ContrastAccuracy(margins),
            LatencyMilliseconds = LatencyPercentiles.Compute(latencies),
            Notes = notes.Count == 0 ? null : string.Join(' ', notes),
        };
        return new EvalGroup(
            key,
            section,
            Counts(shared?.FlagThreshold ?? double.NaN, flagCounts),
            Counts(shared?.BlockThreshold ?? double.NaN, blockCounts),
            EvaluationMetrics.RatesByCategory(flagged, 0.5))
        {
            WithoutFlows = anyContext
                ? (Counts(shared?.FlagThreshold ?? double.NaN, retrievalFlagCounts), Counts(shared?.BlockThreshold ?? double.NaN, retrievalBlockCounts))
                : null,
        };
    }

    /// <summary>Counts into [true positives, false negatives, false positives, true negatives].</summary>
    private static void Tally(int[] counts, bool isAttack, bool hit) =>
        counts[isAttack ? (hit ? 0 : 1) : (hit ? 2 : 3)]++;

    private static ConfusionCounts Counts(double threshold, int[] c) => new(threshold, c[0], c[1], c[2], c[3]);

    /// <summary>One item as scored by the guard, with what grouping and the metrics need.</summary>
    /// <param name="DataSet">The data file's name (without extension).</param>
    /// <param name="Surface">The item's surface.</param>
    /// <param name="Category">The item's category, if any.</param>
    /// <param name="IsAttack">Whether the item is labelled an attack.</param>
    /// <param name="Score">The guard's score.</param>
    /// <param name="Margin">The mean attack similarity minus the mean benign similarity.</param>
    /// <param name="Verdict">The guard's verdict (at the item's own surface thresholds).</param>
    /// <param name="Policy">The thresholds the verdict was taken at.</param>
    /// <param name="LatencyMilliseconds">How long screening took.</param>
    /// <param name="RetrievalVerdict">The verdict of the example search alone, before the flow rules.</param>
    /// <param name="HadContext">Whether the item carried its conversation.</param>
    internal readonly record struct EvalRecord(
        string DataSet, GuardSurface Surface, string? Category, bool IsAttack, double Score, double Margin, GuardVerdict Verdict, SurfacePolicy Policy, double LatencyMilliseconds,
        GuardVerdict RetrievalVerdict, bool HadContext);

    /// <summary>One row of the summary: a group's key, its report section and its verdict counts.</summary>
    /// <param name="Key">The file name, surface, category or <c>all</c>.</param>
    /// <param name="Section">The report section (items, thresholds when shared, contrast, latency).</param>
    /// <param name="AtFlag">Items flagged or blocked, each at its own surface's thresholds.</param>
    /// <param name="AtBlock">Items blocked.</param>
    /// <param name="Categories">Per category, the share flagged or blocked.</param>
    internal sealed record EvalGroup(string Key, EvaluationSection Section, ConfusionCounts AtFlag, ConfusionCounts AtBlock, IReadOnlyList<CategoryRate> Categories)
    {
        /// <summary>Gets the Flag and Block counts of the example search alone (without the flow rules), when any item carried its conversation.</summary>
        public (ConfusionCounts AtFlag, ConfusionCounts AtBlock)? WithoutFlows { get; init; }
    }
}
