using System.Globalization;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.Cli.JsonLines;
using Mcip.RagPref.Cli.Evaluation;

namespace Mcip.RagPref.Cli.Commands;

/// <content>The summary printed per group: a table row or, with <c>--json</c>, a JSON line.</content>
internal static partial class EvalCommand
{
    /// <summary>The plain-text summary table and its JSON Lines form.</summary>
    private static class Summary
    {
        public static string Header(GroupBy by) => string.Create(
            CultureInfo.InvariantCulture,
            $"{GroupColumn(by),-25} n(att/ben)   AUROC  TPR@1%  TPR@5%  contrast  flag FPR/TPR   block FPR/TPR  p50 ms  p99 ms");

        public static string Row(EvalGroup g)
        {
            Row r = Measure(g);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{g.Key,-25} {g.AtFlag.Attacks,4}/{g.AtFlag.Benign,-4}   {Fmt(r.Auroc),5}  {Fmt(r.Tpr1),6}  {Fmt(r.Tpr5),6}  {Fmt(r.Contrast),8}  {Fmt(g.AtFlag.FalsePositiveRate)}/{Fmt(g.AtFlag.TruePositiveRate),-6}  {Fmt(g.AtBlock.FalsePositiveRate)}/{Fmt(g.AtBlock.TruePositiveRate),-6}  {r.Latency.P50,6:F1}  {r.Latency.P99,6:F1}");
        }

        /// <summary>
        /// The flow rules' own contribution, for a group whose items carried their conversation: flag and block FPR/TPR of the
        /// example search alone and with the flow rules; <see langword="null"/> otherwise.
        /// </summary>
        public static string? FlowRow(EvalGroup g) => g.WithoutFlows is { } without
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{"  provenance rules:",-25} flag FPR/TPR {Fmt(without.AtFlag.FalsePositiveRate)}/{Fmt(without.AtFlag.TruePositiveRate)} without -> {Fmt(g.AtFlag.FalsePositiveRate)}/{Fmt(g.AtFlag.TruePositiveRate)} with; block FPR/TPR {Fmt(without.AtBlock.FalsePositiveRate)}/{Fmt(without.AtBlock.TruePositiveRate)} without -> {Fmt(g.AtBlock.FalsePositiveRate)}/{Fmt(g.AtBlock.TruePositiveRate)} with")
            : null;

        /// <summary>Writes the group as one JSON line; a metric that is undefined for the group is <c>null</c>.</summary>
        public static ValueTask WriteJsonAsync(JsonLineWriter lines, EvalGroup g, CancellationToken cancellationToken)
        {
            Row r = Measure(g);
            Utf8JsonWriter json = lines.BeginLine();
            json.WriteStartObject();
            json.WriteString("group", g.Key);
            json.WriteNumber("attacks", g.AtFlag.Attacks);
            json.WriteNumber("benign", g.AtFlag.Benign);
            Number(json, "auroc", r.Auroc);
            Number(json, "tpr_at_1", r.Tpr1);
            Number(json, "tpr_at_5", r.Tpr5);
            Number(json, "contrast", r.Contrast);
            Number(json, "flag_fpr", g.AtFlag.FalsePositiveRate);
            Number(json, "flag_tpr", g.AtFlag.TruePositiveRate);
            Number(json, "block_fpr", g.AtBlock.FalsePositiveRate);
            Number(json, "block_tpr", g.AtBlock.TruePositiveRate);
            if (g.WithoutFlows is { } without)
            {
                Number(json, "flag_fpr_without_flows", without.AtFlag.FalsePositiveRate);
                Number(json, "flag_tpr_without_flows", without.AtFlag.TruePositiveRate);
                Number(json, "block_fpr_without_flows", without.AtBlock.FalsePositiveRate);
                Number(json, "block_tpr_without_flows", without.AtBlock.TruePositiveRate);
            }

            Number(json, "p50_ms", r.Latency.P50);
            Number(json, "p99_ms", r.Latency.P99);
            json.WriteEndObject();
            return lines.EndLineAsync(cancellationToken);
        }

        /// <summary>Appends, per category, the share flagged at the Flag threshold: recall for attacks, false positives for benign.</summary>
        public static void AppendCategories(StringBuilder text, EvalGroup g)
        {
            string at = g.Section.FlagThreshold is double flag
                ? string.Create(CultureInfo.InvariantCulture, $"the Flag threshold ({flag:F4})")
                : "each surface's Flag threshold";
            text.Append(CultureInfo.InvariantCulture, $"\n{g.Key}: flagged share per category at {at}\n");
            foreach (CategoryRate rate in g.Categories)
            {
                string kind = rate.IsAttack ? "attack recall" : "benign FPR";
                text.Append(CultureInfo.InvariantCulture, $"  {kind,-13} {Fmt(rate.Rate)}  ({rate.Flagged}/{rate.Count})  {rate.Category}\n");
            }
        }

        private static Row Measure(EvalGroup g)
        {
            (double auroc, double tpr1, double tpr5) = (double.NaN, double.NaN, double.NaN);
            if (g.AtFlag.Attacks > 0 && g.AtFlag.Benign > 0)
            {
                BinaryClassificationMetrics m = BinaryClassificationMetrics.Compute(g.Section.Items.Span);
                (auroc, tpr1, tpr5) = (m.Auroc, m.AtOnePercentFalsePositives.TruePositiveRate, m.AtFivePercentFalsePositives.TruePositiveRate);
            }

            return new Row(auroc, tpr1, tpr5, g.Section.ContrastAccuracy ?? double.NaN, g.Section.LatencyMilliseconds ?? default);
        }

        private static void Number(Utf8JsonWriter json, string name, double value)
        {
            if (double.IsFinite(value))
            {
                json.WriteNumber(name, value);
            }
            else
            {
                json.WriteNull(name);
            }
        }

        private static string Fmt(double value) => double.IsNaN(value) ? "  -  " : value.ToString("0.000", CultureInfo.InvariantCulture);
    }

    private readonly record struct Row(double Auroc, double Tpr1, double Tpr5, double Contrast, LatencyPercentiles Latency);
}
