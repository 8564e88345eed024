namespace Mcip.RagPref.Cli.Evaluation;

/// <content>The summary table and the per-section blocks.</content>
internal sealed partial class EvaluationReport
{
    private static void WriteSummary(TextWriter writer, SectionResults[] results)
    {
        if (results.Length == 0)
        {
            writer.WriteLine("<p>No results.</p>");
            return;
        }

        writer.WriteLine("<table class=\"summary\"><thead><tr><th>Data</th><th>Method</th><th>Attacks</th><th>Benign</th><th>AUROC</th><th>TPR at 1% FPR</th><th>TPR at 5% FPR</th><th>Contrast accuracy</th><th>Flag TPR / FPR</th><th>Block TPR / FPR</th></tr></thead><tbody>");
        for (int i = 0; i < results.Length; i++)
        {
            SectionResults r = results[i];
            writer.Write("<tr><td><a href=\"#section-" + Xhtml.Count(i + 1) + "\">");
            Xhtml.Write(writer, r.Section.DataSet);
            writer.Write("</a></td><td>");
            Xhtml.Write(writer, r.Section.Method);
            writer.Write("</td>");
            Cell(writer, Xhtml.Count(r.Total.Attacks));
            Cell(writer, Xhtml.Count(r.Total.Benign));
            Cell(writer, r.Metrics is null ? "n/a" : Xhtml.Number(r.Metrics.Auroc));
            Cell(writer, r.Metrics is null ? "n/a" : Xhtml.Percent(r.Metrics.AtOnePercentFalsePositives.TruePositiveRate));
            Cell(writer, r.Metrics is null ? "n/a" : Xhtml.Percent(r.Metrics.AtFivePercentFalsePositives.TruePositiveRate));
            Cell(writer, r.Section.ContrastAccuracy is double c ? Xhtml.Percent(c) : "n/a");
            Cell(writer, Rates(r.AtFlag));
            Cell(writer, Rates(r.AtBlock));
            writer.WriteLine("</tr>");
        }

        writer.WriteLine("</tbody></table>");
    }

    private void WriteSection(TextWriter writer, int index, SectionResults r)
    {
        EvaluationSection s = r.Section;
        writer.Write("<section id=\"section-" + Xhtml.Count(index + 1) + "\"><h2>");
        Xhtml.Write(writer, s.DataSet + " \u2014 " + s.Method);
        writer.WriteLine("</h2>");
        if (!string.IsNullOrEmpty(s.Notes))
        {
            writer.Write("<p>");
            Xhtml.Write(writer, s.Notes);
            writer.WriteLine("</p>");
        }

        writer.WriteLine("<table class=\"metrics\"><thead><tr><th>Metric</th><th>Value</th></tr></thead><tbody>");
        Row(writer, "Items", $"{Xhtml.Count(r.Total.Attacks + r.Total.Benign)} ({Xhtml.Count(r.Total.Attacks)} attack, {Xhtml.Count(r.Total.Benign)} benign)");
        if (r.Metrics is { } m)
        {
            Row(writer, "AUROC", Xhtml.Number(m.Auroc));
            Row(writer, "TPR at 1% FPR", Point(m.AtOnePercentFalsePositives));
            Row(writer, "TPR at 5% FPR", Point(m.AtFivePercentFalsePositives));
        }
        else
        {
            Row(writer, "AUROC", "n/a (needs both labels)");
        }

        if (s.ContrastAccuracy is double contrast)
        {
            Row(writer, "Contrast accuracy (sign of margin)", Xhtml.Percent(contrast));
        }

        Threshold(writer, "Flag", r.AtFlag);
        Threshold(writer, "Block", r.AtBlock);
        if (s.LatencyMilliseconds is { } l)
        {
            Row(writer, "Latency (ms)", $"p50 {Xhtml.Number(l.P50)}, p90 {Xhtml.Number(l.P90)}, p99 {Xhtml.Number(l.P99)}, max {Xhtml.Number(l.Max)}, mean {Xhtml.Number(l.Mean)} over {Xhtml.Count(l.Count)}");
        }

        writer.WriteLine("</tbody></table>");
        WriteCategories(writer, r);
        writer.WriteLine("<div class=\"charts\">");
        RocChart.Write(writer, r.Metrics?.Roc, r.AtFlag, r.AtBlock);
        ScoreHistogramChart.Write(writer, s.Items.Span, s.FlagThreshold, s.BlockThreshold, HistogramBins);
        writer.WriteLine("</div></section>");
    }

    private static void WriteCategories(TextWriter writer, SectionResults r)
    {
        if (r.Categories.Count == 0 || r.CategoryThreshold is not double threshold)
        {
            return;
        }

        writer.Write("<table class=\"categories\"><caption>");
        Xhtml.Write(writer, "Flagged per category at score \u2265 " + Xhtml.Threshold(threshold) + " (recall for attacks, false-positive rate for benign)");
        writer.WriteLine("</caption><thead><tr><th>Label</th><th>Category</th><th>Items</th><th>Flagged</th><th>Rate</th></tr></thead><tbody>");
        foreach (CategoryRate rate in r.Categories)
        {
            writer.Write("<tr><td>");
            writer.Write(rate.IsAttack ? "attack" : "benign");
            writer.Write("</td><td>");
            Xhtml.Write(writer, rate.Category.Length == 0 ? "(none)" : rate.Category);
            writer.Write("</td>");
            Cell(writer, Xhtml.Count(rate.Count));
            Cell(writer, Xhtml.Count(rate.Flagged));
            Cell(writer, Xhtml.Percent(rate.Rate));
            writer.WriteLine("</tr>");
        }

        writer.WriteLine("</tbody></table>");
    }

    private static void Threshold(TextWriter writer, string name, ConfusionCounts? counts)
    {
        if (counts is { } c)
        {
            Row(writer, $"{name} threshold {Xhtml.Threshold(c.Threshold)}", $"TPR {Xhtml.Percent(c.TruePositiveRate)}, FPR {Xhtml.Percent(c.FalsePositiveRate)}, precision {Xhtml.Percent(c.Precision)} ({Xhtml.Count(c.TruePositives)} attacks and {Xhtml.Count(c.FalsePositives)} benign flagged)");
        }
    }

    private static string Point(RocPoint p) =>
        $"{Xhtml.Percent(p.TruePositiveRate)} (threshold {Xhtml.Threshold(p.Threshold)}, FPR {Xhtml.Percent(p.FalsePositiveRate)})";

    private static string Rates(ConfusionCounts? counts) =>
        counts is { } c ? $"{Xhtml.Percent(c.TruePositiveRate)} / {Xhtml.Percent(c.FalsePositiveRate)}" : "n/a";

    private static void Row(TextWriter writer, string name, string value)
    {
        writer.Write("<tr><th>");
        Xhtml.Write(writer, name);
        writer.Write("</th><td>");
        Xhtml.Write(writer, value);
        writer.WriteLine("</td></tr>");
    }

    private static void Cell(TextWriter writer, string text)
    {
        writer.Write("<td class=\"num\">");
        Xhtml.Write(writer, text);
        writer.Write("</td>");
    }
}
