namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// Geometry of one inline SVG chart: a plot area inside fixed margins, mapping data coordinates to pixels, and the
/// shared pieces every chart writes (opening tag with title, frame, ticks, axis labels).
/// </summary>
internal readonly struct ChartFrame
{
    public const int Width = 420;
    public const int Height = 320;
    private const int Left = 52;
    private const int Right = 24;
    private const int Top = 28;
    private const int Bottom = 48;

    private readonly double _xMin;
    private readonly double _xMax;
    private readonly double _yMin;
    private readonly double _yMax;

    public ChartFrame(double xMin, double xMax, double yMin, double yMax)
    {
        _xMin = xMin;
        _xMax = xMax > xMin ? xMax : xMin + 1;
        _yMin = yMin;
        _yMax = yMax > yMin ? yMax : yMin + 1;
    }

    /// <summary>Gets the largest y value of the plot area.</summary>
    public double YMax => _yMax;

    /// <summary>Gets the pixel column of the plot area's horizontal centre.</summary>
    public static double CenterX => Left + (PlotWidth / 2);

    private static double PlotWidth => Width - Left - Right;

    private static double PlotHeight => Height - Top - Bottom;

    /// <summary>Maps a data x value to a pixel column.</summary>
    public double X(double value) => Left + ((value - _xMin) / (_xMax - _xMin) * PlotWidth);

    /// <summary>Maps a data y value to a pixel row (y grows upwards in data, downwards in SVG).</summary>
    public double Y(double value) => Top + PlotHeight - ((value - _yMin) / (_yMax - _yMin) * PlotHeight);

    /// <summary>Writes the opening <c>svg</c> tag, its accessible title and the chart heading.</summary>
    public static void Open(TextWriter writer, string title)
    {
        writer.Write($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">");
        writer.Write("<title>");
        Xhtml.Write(writer, title);
        writer.Write("</title>");
        writer.Write($"<text x=\"{Left}\" y=\"18\" class=\"heading\">");
        Xhtml.Write(writer, title);
        writer.WriteLine("</text>");
    }

    /// <summary>Writes the closing tag.</summary>
    public static void Close(TextWriter writer) => writer.WriteLine("</svg>");

    /// <summary>Writes the plot frame, <paramref name="ticks"/> + 1 evenly spaced ticks on each axis and the axis labels.</summary>
    public void WriteAxes(TextWriter writer, int ticks, string xLabel, string yLabel, Func<double, string> xFormat, Func<double, string> yFormat)
    {
        writer.Write($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Xhtml.Coordinate(PlotWidth)}\" height=\"{Xhtml.Coordinate(PlotHeight)}\" class=\"frame\"/>");
        for (int i = 0; i <= ticks; i++)
        {
            double xValue = _xMin + ((_xMax - _xMin) * i / ticks);
            string x = Xhtml.Coordinate(X(xValue));
            writer.Write($"<line x1=\"{x}\" y1=\"{Height - Bottom}\" x2=\"{x}\" y2=\"{Height - Bottom + 4}\" class=\"tick\"/>");
            writer.Write($"<text x=\"{x}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" class=\"label\">");
            Xhtml.Write(writer, xFormat(xValue));
            writer.Write("</text>");

            double yValue = _yMin + ((_yMax - _yMin) * i / ticks);
            string y = Xhtml.Coordinate(Y(yValue));
            writer.Write($"<line x1=\"{Left - 4}\" y1=\"{y}\" x2=\"{Left}\" y2=\"{y}\" class=\"tick\"/>");
            writer.Write($"<text x=\"{Left - 6}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\" class=\"label\">");
            Xhtml.Write(writer, yFormat(yValue));
            writer.Write("</text>");
        }

        writer.Write($"<text x=\"{Xhtml.Coordinate(Left + (PlotWidth / 2))}\" y=\"{Height - 10}\" text-anchor=\"middle\" class=\"label\">");
        Xhtml.Write(writer, xLabel);
        writer.Write("</text>");
        string yMid = Xhtml.Coordinate(Top + (PlotHeight / 2));
        writer.Write($"<text x=\"12\" y=\"{yMid}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {yMid})\" class=\"label\">");
        Xhtml.Write(writer, yLabel);
        writer.WriteLine("</text>");
    }

    /// <summary>Writes a centred message inside the plot area (for charts that cannot be drawn).</summary>
    public static void WriteMessage(TextWriter writer, string message)
    {
        writer.Write($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"label\">");
        Xhtml.Write(writer, message);
        writer.WriteLine("</text>");
    }
}
