namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>Writes a ROC curve as inline SVG: the curve, the chance diagonal, and the Flag/Block operating points.</summary>
internal static class RocChart
{
    public static void Write(TextWriter writer, RocCurve? roc, ConfusionCounts? flag, ConfusionCounts? block)
    {
        string title = roc is null ? "ROC curve" : "ROC curve (AUROC " + Xhtml.Number(roc.Auroc) + ")";
        ChartFrame.Open(writer, title);
        var frame = new ChartFrame(0, 1, 0, 1);
        frame.WriteAxes(writer, 4, "False-positive rate", "True-positive rate", Xhtml.Number, Xhtml.Number);
        if (roc is null)
        {
            ChartFrame.WriteMessage(writer, "needs both attack and benign items");
            ChartFrame.Close(writer);
            return;
        }

        writer.Write($"<line x1=\"{Xhtml.Coordinate(frame.X(0))}\" y1=\"{Xhtml.Coordinate(frame.Y(0))}\" x2=\"{Xhtml.Coordinate(frame.X(1))}\" y2=\"{Xhtml.Coordinate(frame.Y(1))}\" class=\"diagonal\"/>");
        writer.Write("<polyline class=\"roc\" points=\"");
        ReadOnlySpan<RocPoint> points = roc.Points;
        for (int i = 0; i < points.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(' ');
            }

            writer.Write(Xhtml.Coordinate(frame.X(points[i].FalsePositiveRate)));
            writer.Write(',');
            writer.Write(Xhtml.Coordinate(frame.Y(points[i].TruePositiveRate)));
        }

        writer.WriteLine("\"/>");
        WriteOperatingPoint(writer, frame, flag, "Flag", "flag");
        WriteOperatingPoint(writer, frame, block, "Block", "block");
        ChartFrame.Close(writer);
    }

    private static void WriteOperatingPoint(TextWriter writer, ChartFrame frame, ConfusionCounts? counts, string name, string cssClass)
    {
        if (counts is not { } c)
        {
            return;
        }

        writer.Write($"<circle cx=\"{Xhtml.Coordinate(frame.X(c.FalsePositiveRate))}\" cy=\"{Xhtml.Coordinate(frame.Y(c.TruePositiveRate))}\" r=\"4\" class=\"{cssClass}\"><title>");
        Xhtml.Write(writer, $"{name} at {Xhtml.Threshold(c.Threshold)}: TPR {Xhtml.Percent(c.TruePositiveRate)}, FPR {Xhtml.Percent(c.FalsePositiveRate)}");
        writer.WriteLine("</title></circle>");
    }
}
