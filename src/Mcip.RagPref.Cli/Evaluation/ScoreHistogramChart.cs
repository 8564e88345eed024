namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// Writes overlaid score histograms of attacks and benign items as inline SVG (each class scaled to its own share
/// per bin, so unequal class sizes compare), with vertical Flag and Block threshold lines.
/// </summary>
internal static class ScoreHistogramChart
{
    public static void Write(TextWriter writer, ReadOnlySpan<ScoredItem> items, double? flag, double? block, int bins)
    {
        ChartFrame.Open(writer, "Score histogram");
        if (items.IsEmpty)
        {
            new ChartFrame(0, 1, 0, 1).WriteAxes(writer, 4, "Score", "Share of class", Xhtml.Tick, Xhtml.Percent);
            ChartFrame.WriteMessage(writer, "no items");
            ChartFrame.Close(writer);
            return;
        }

        (double lo, double hi) = Range(items, flag, block);
        int[] attack = new int[bins];
        int[] benign = new int[bins];
        int attacks = 0;
        foreach (ScoredItem item in items)
        {
            int bin = (int)Math.Clamp((item.Score - lo) / (hi - lo) * bins, 0, bins - 1);
            if (item.IsAttack)
            {
                attack[bin]++;
                attacks++;
            }
            else
            {
                benign[bin]++;
            }
        }

        int benignCount = items.Length - attacks;
        double top = 0;
        for (int b = 0; b < bins; b++)
        {
            top = Math.Max(top, Math.Max(Share(attack[b], attacks), Share(benign[b], benignCount)));
        }

        var frame = new ChartFrame(lo, hi, 0, top > 0 ? top : 1);
        frame.WriteAxes(writer, 4, "Score", "Share of class", Xhtml.Tick, Xhtml.Percent);
        WriteBars(writer, frame, benign, benignCount, lo, hi, "benign");
        WriteBars(writer, frame, attack, attacks, lo, hi, "attack");
        WriteThreshold(writer, frame, flag, "Flag", "flag", 0);
        WriteThreshold(writer, frame, block, "Block", "block", 12);
        writer.Write("<rect x=\"196\" y=\"9\" width=\"10\" height=\"10\" class=\"attack\"/><text x=\"210\" y=\"18\" class=\"label\">");
        Xhtml.Write(writer, "attack (" + Xhtml.Count(attacks) + ")");
        writer.Write("</text><rect x=\"296\" y=\"9\" width=\"10\" height=\"10\" class=\"benign\"/><text x=\"310\" y=\"18\" class=\"label\">");
        Xhtml.Write(writer, "benign (" + Xhtml.Count(benignCount) + ")");
        writer.WriteLine("</text>");
        ChartFrame.Close(writer);
    }

    private static (double Lo, double Hi) Range(ReadOnlySpan<ScoredItem> items, double? flag, double? block)
    {
        double lo = double.PositiveInfinity;
        double hi = double.NegativeInfinity;
        foreach (ScoredItem item in items)
        {
            lo = Math.Min(lo, item.Score);
            hi = Math.Max(hi, item.Score);
        }

        foreach (double? threshold in (ReadOnlySpan<double?>)[flag, block])
        {
            if (threshold is double t && double.IsFinite(t))
            {
                lo = Math.Min(lo, t);
                hi = Math.Max(hi, t);
            }
        }

        if (!(hi > lo))
        {
            lo -= 0.5;
            hi += 0.5;
        }

        // Widen by a hair so the highest score falls inside the last bin rather than on its edge.
        return (lo, hi + ((hi - lo) * 1e-9));
    }

    private static double Share(int count, int total) => total == 0 ? 0 : (double)count / total;

    private static void WriteBars(TextWriter writer, ChartFrame frame, int[] counts, int total, double lo, double hi, string cssClass)
    {
        if (total == 0)
        {
            return;
        }

        double width = (hi - lo) / counts.Length;
        for (int b = 0; b < counts.Length; b++)
        {
            if (counts[b] == 0)
            {
                continue;
            }

            double x0 = frame.X(lo + (b * width));
            double x1 = frame.X(lo + ((b + 1) * width));
            double y = frame.Y(Share(counts[b], total));
            double y0 = frame.Y(0);
            writer.Write($"<rect x=\"{Xhtml.Coordinate(x0)}\" y=\"{Xhtml.Coordinate(y)}\" width=\"{Xhtml.Coordinate(x1 - x0)}\" height=\"{Xhtml.Coordinate(y0 - y)}\" class=\"{cssClass}\"/>");
        }

        writer.WriteLine();
    }

    private static void WriteThreshold(TextWriter writer, ChartFrame frame, double? threshold, string name, string cssClass, int labelOffset)
    {
        if (threshold is not double t || !double.IsFinite(t))
        {
            return;
        }

        string x = Xhtml.Coordinate(frame.X(t));
        writer.Write($"<line x1=\"{x}\" y1=\"{Xhtml.Coordinate(frame.Y(frame.YMax))}\" x2=\"{x}\" y2=\"{Xhtml.Coordinate(frame.Y(0))}\" class=\"threshold {cssClass}\"/>");
        // Labels of lines right of the centre go to the left of the line, so they stay inside the chart.
        bool leftOfLine = frame.X(t) > ChartFrame.CenterX;
        writer.Write($"<text x=\"{x}\" y=\"{Xhtml.Coordinate(frame.Y(frame.YMax) + 10 + labelOffset)}\" dx=\"{(leftOfLine ? "-3" : "3")}\" text-anchor=\"{(leftOfLine ? "end" : "start")}\" class=\"label {cssClass}\">");
        Xhtml.Write(writer, name + " " + Xhtml.Threshold(t));
        writer.WriteLine("</text>");
    }
}
