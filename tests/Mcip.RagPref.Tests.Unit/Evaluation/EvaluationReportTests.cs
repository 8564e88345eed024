using System.Xml;
using System.Xml.Linq;
using Mcip.RagPref.Cli.Evaluation;

namespace Mcip.RagPref.Tests.Evaluation;

public sealed class EvaluationReportTests
{
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void ToHtml_TwoSections_IsWellFormedXhtmlWithTwoChartsPerSection()
    {
        EvaluationReport report = SampleReport();

        XDocument document = Parse(report.ToHtml());

        Assert.Equal(Html + "html", document.Root!.Name);
        Assert.Equal(4, document.Descendants(Svg + "svg").Count());
        Assert.Equal(2, document.Descendants(Html + "section").Count());
        Assert.Equal(2, document.Descendants(Svg + "polyline").Count(p => (string?)p.Attribute("class") == "roc"));
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "script" or "link" or "img");
    }

    [Fact]
    public void ToHtml_MaliciousNames_AreEncodedAsText()
    {
        var report = new EvaluationReport("Eval <b>bold</b> & co");
        ScoredItem[] items =
        [
            new(true, 0.9, "<script>alert('x')</script>"), new(true, 0.4, "<script>alert('x')</script>"),
            new(false, 0.1, "a\u0001b"), new(false, 0.6, "ok"),
        ];
        report.Add(new EvaluationSection
        {
            DataSet = "\"quoted\" <img src=x onerror=alert(1)>",
            Method = "m",
            Items = items,
            FlagThreshold = 0.5,
            Notes = "ends with a lone surrogate \uD800",
        });

        string html = report.ToHtml();
        XDocument document = Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "script" or "img" or "b");
        Assert.Contains(document.Descendants(Html + "td"), td => td.Value == "<script>alert('x')</script>");
        Assert.Equal("Eval <b>bold</b> & co", document.Descendants(Html + "h1").Single().Value);
    }

    [Fact]
    public void ToHtml_BenignOnlySection_ReportsRatesAndExplainsMissingRoc()
    {
        var report = new EvaluationReport("Trigger words");
        report.Add(new EvaluationSection
        {
            DataSet = "notinject",
            Method = "soft-knn",
            Items = new ScoredItem[] { new(false, 0.2), new(false, 0.7), new(false, 0.1), new(false, 0.05) },
            FlagThreshold = 0.5,
            BlockThreshold = 0.8,
        });

        XDocument document = Parse(report.ToHtml());

        Assert.Equal(2, document.Descendants(Svg + "svg").Count());
        Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == "needs both attack and benign items");
        Assert.Contains(document.Descendants(Html + "td"), td => td.Value.StartsWith("TPR n/a, FPR 25.0%", StringComparison.Ordinal));
    }

    [Fact]
    public void ToHtml_Thresholds_DrawsOneLinePerThresholdAndMarksOperatingPoints()
    {
        XDocument document = Parse(SampleReport().ToHtml());

        XElement histogram = document.Descendants(Svg + "svg").ElementAt(1);
        Assert.Equal(2, histogram.Descendants(Svg + "line").Count(l => ((string?)l.Attribute("class"))?.StartsWith("threshold", StringComparison.Ordinal) == true));
        XElement roc = document.Descendants(Svg + "svg").First();
        Assert.Equal(2, roc.Descendants(Svg + "circle").Count());
        Assert.Single(roc.Descendants(Svg + "line"), l => (string?)l.Attribute("class") == "diagonal");
    }

    [Fact]
    public void Save_NewFile_WritesTheSameMarkupAndLeavesNoTemporaryFile()
    {
        string folder = Directory.CreateTempSubdirectory("ragpref-report-").FullName;
        try
        {
            string path = Path.Combine(folder, "report.html");
            EvaluationReport report = SampleReport();

            report.Save(path);
            report.Save(path);

            Assert.Equal(report.ToHtml(), File.ReadAllText(path));
            Assert.Equal(["report.html"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WriteTo_NaNScore_Throws()
    {
        var report = new EvaluationReport("r");
        report.Add(new EvaluationSection { DataSet = "d", Method = "m", Items = new ScoredItem[] { new(true, double.NaN) } });

        Assert.Throws<ArgumentException>(() => report.ToHtml());
    }

    private static EvaluationReport SampleReport()
    {
        var report = new EvaluationReport("Guard evaluation") { Description = "Store: seed corpus; queries: eval files." };
        report.Add(new EvaluationSection
        {
            DataSet = "deepset (test)",
            Method = "margin top-2",
            Items = EvaluationMetricsTests.RandomItems(seed: 3, attacks: 40, benign: 60, levels: 25),
            FlagThreshold = 0.55,
            BlockThreshold = 0.8,
            ContrastAccuracy = 0.71,
            LatencyMilliseconds = LatencyPercentiles.Compute([1.2, 3.4, 2.2]),
        });
        report.Add(new EvaluationSection
        {
            DataSet = "agentharm",
            Method = "soft-knn",
            Items = new ScoredItem[] { new(true, 0.3, "fraud"), new(false, 0.3, "fraud") },
        });
        return report;
    }

    private static XDocument Parse(string html)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
        using var reader = XmlReader.Create(new StringReader(html), settings);
        return XDocument.Load(reader);
    }
}
