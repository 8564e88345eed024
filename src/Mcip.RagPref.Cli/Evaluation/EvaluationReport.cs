using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// Renders evaluation results as one self-contained HTML page: the run details (when, library version, and what the
/// caller adds with <see cref="AddDetail"/>: embedder, store, inputs), a summary table, then per data file and method a
/// metrics table, per-category rates and two inline SVG charts (ROC curve with the chance diagonal; overlaid score
/// histograms of attacks and benign items with the Flag and Block thresholds), and last the top misses per surface
/// (<see cref="OfferMiss"/>: excerpts only, so the page stays bounded). No scripts, no external resources,
/// CSS inline; the markup is well-formed XHTML, so XML tools can read it too. All text is HTML-encoded.
/// </summary>
/// <remarks>Not thread-safe while sections are being added; writing does not change the report.</remarks>
internal sealed partial class EvaluationReport
{
    private readonly List<EvaluationSection> _sections = [];

    /// <summary>Creates an empty report.</summary>
    /// <param name="title">The page title.</param>
    /// <exception cref="ArgumentException"><paramref name="title"/> is null or empty.</exception>
    public EvaluationReport(string title)
    {
        ArgumentException.ThrowIfNullOrEmpty(title);
        Title = title;
    }

    /// <summary>Gets the page title.</summary>
    public string Title { get; }

    /// <summary>Gets or sets a paragraph shown under the title (protocol, store, embedder), or <see langword="null"/> (the default).</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets the number of histogram bins. Default 40; between 2 and 1000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [2, 1000].</exception>
    public int HistogramBins
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1000);
            field = value;
        }
    } = 40;

    /// <summary>Gets the sections in the order they were added.</summary>
    public IReadOnlyList<EvaluationSection> Sections => _sections;

    /// <summary>Appends a section.</summary>
    /// <param name="section">The section.</param>
    /// <exception cref="ArgumentNullException"><paramref name="section"/> is <see langword="null"/>.</exception>
    public void Add(EvaluationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        _sections.Add(section);
    }

    /// <summary>Writes the page.</summary>
    /// <param name="writer">The destination; not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A section holds a NaN or infinite score.</exception>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var computed = new SectionResults[_sections.Count];
        for (int i = 0; i < computed.Length; i++)
        {
            computed[i] = SectionResults.Compute(_sections[i]);
        }

        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">");
        writer.Write("<head><meta charset=\"utf-8\"/><title>");
        Xhtml.Write(writer, Title);
        writer.WriteLine("</title>");
        writer.WriteLine(Style);
        writer.WriteLine("</head>");
        writer.WriteLine("<body>");
        writer.Write("<h1>");
        Xhtml.Write(writer, Title);
        writer.WriteLine("</h1>");
        if (!string.IsNullOrEmpty(Description))
        {
            writer.Write("<p>");
            Xhtml.Write(writer, Description);
            writer.WriteLine("</p>");
        }

        WriteDetails(writer);
        WriteSummary(writer, computed);
        for (int i = 0; i < computed.Length; i++)
        {
            WriteSection(writer, i, computed[i]);
        }

        WriteMisses(writer);

        writer.WriteLine("</body>");
        writer.WriteLine("</html>");
    }

    /// <summary>Returns the page as a string.</summary>
    /// <returns>The HTML.</returns>
    /// <exception cref="ArgumentException">A section holds a NaN or infinite score.</exception>
    public string ToHtml()
    {
        using var writer = new StringWriter(new StringBuilder(16 * 1024), CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>
    /// Saves the page as UTF-8 to <paramref name="path"/>: written to a temporary file beside it, then moved over
    /// the destination, so a failure never leaves a half-written report.
    /// </summary>
    /// <param name="path">The destination file; its folder must exist.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or a section holds a NaN or infinite score.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temporary = full + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                WriteTo(writer);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private const string Style = """
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1100px; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        th { background: #f4f4f4; }
        table.run th { background: none; font-weight: normal; color: #555; }
        h3 { font-size: 1em; margin-top: 1.2em; }
        td.text { max-width: 40em; overflow-wrap: anywhere; }
        .charts { display: flex; flex-wrap: wrap; gap: 1em; }
        svg.chart { background: #fff; border: 1px solid #eee; }
        svg .frame { fill: none; stroke: #999; } svg .tick { stroke: #999; }
        svg .label { font-size: 11px; fill: #444; } svg .heading { font-size: 13px; font-weight: bold; fill: #222; }
        svg .diagonal { stroke: #aaa; stroke-dasharray: 4 4; }
        svg .roc { fill: none; stroke: #1f5fbf; stroke-width: 2; }
        svg rect.attack { fill: #d62728; fill-opacity: 0.5; } svg rect.benign { fill: #1f77b4; fill-opacity: 0.5; }
        svg .threshold { stroke-width: 1.5; stroke-dasharray: 6 3; }
        svg line.flag { stroke: #e6a100; } svg line.block { stroke: #8b0000; }
        svg circle.flag { fill: #e6a100; } svg circle.block { fill: #8b0000; }
        svg text.flag { fill: #a67300; } svg text.block { fill: #8b0000; }
        svg text.flag, svg text.block { paint-order: stroke; stroke: #fff; stroke-width: 3px; }
        </style>
        """;
}
