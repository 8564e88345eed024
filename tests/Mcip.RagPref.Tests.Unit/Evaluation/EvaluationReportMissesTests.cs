using System.Xml;
using System.Xml.Linq;
using Mcip.RagPref.Cli.Evaluation;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Tests.Evaluation;

/// <summary>The run details (time, library version, embedder, store, inputs) and the top-misses tables of <see cref="EvaluationReport"/>.</summary>
public sealed class EvaluationReportMissesTests
{
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";

    [Fact]
    public void ToHtml_RunDetails_NameTimeInUtcLibraryVersionAndTheCallersRowsInOrder()
    {
        EvaluationReport report = Report();
        report.CreatedAt = new DateTimeOffset(2026, 3, 4, 7, 8, 9, TimeSpan.FromHours(2));
        report.AddDetail("Embedder", "minilm (384-d, sha256 0123456789ab)");
        report.AddDetail("Store", "seed-abc.rpstore: 10 rows (4 attack, 6 benign), file sha256 feedfacecafebeef");
        report.AddDetail("Data files", "prompts.jsonl, outputs.jsonl");

        XDocument document = Parse(report.ToHtml());

        XElement run = document.Descendants(Html + "table").First(t => (string?)t.Attribute("class") == "run");
        string[][] rows = [.. run.Descendants(Html + "tr").Select(tr => tr.Elements().Select(e => e.Value).ToArray())];
        Assert.Equal(["Created", "2026-03-04 05:08:09 UTC"], rows[0]);
        Assert.Equal("Library", rows[1][0]);
        Assert.Equal("Mcip.RagPref " + EvaluationReport.LibraryVersion, rows[1][1]);
        Assert.Matches(@"^\d+\.\d+\.\d+", EvaluationReport.LibraryVersion);
        Assert.Equal(["Embedder", "Store", "Data files"], rows[2..].Select(r => r[0]));
        Assert.Equal("seed-abc.rpstore: 10 rows (4 attack, 6 benign), file sha256 feedfacecafebeef", rows[3][1]);
    }

    [Fact]
    public void ToHtml_Misses_ListsTheWorstFalsePositivesAndNegativesPerSurfaceOnly()
    {
        EvaluationReport report = Report();
        report.MissesPerSurface = 2;
        EvaluatedItem[] items =
        [
            new(GuardSurface.UserPrompt, "fp-low", "benign flagged low", false, 0.30, GuardVerdict.Flag),
            new(GuardSurface.UserPrompt, "fp-high", "benign blocked high", false, 0.90, GuardVerdict.Block),
            new(GuardSurface.UserPrompt, "fp-mid", "benign flagged mid", false, 0.50, GuardVerdict.Flag),
            new(GuardSurface.UserPrompt, "tn", "benign allowed", false, 0.95, GuardVerdict.Allow),
            new(GuardSurface.UserPrompt, "tp", "attack blocked", true, -0.90, GuardVerdict.Block),
            new(GuardSurface.ToolOutput, "fn-high", "attack allowed high", true, 0.10, GuardVerdict.Allow),
            new(GuardSurface.ToolOutput, "fn-low", "attack allowed low", true, -0.70, GuardVerdict.Allow),
            new(GuardSurface.ToolOutput, "fn-mid", "attack allowed mid", true, -0.20, GuardVerdict.Allow),
        ];
        bool[] kept = [.. items.Select(i => report.OfferMiss(i with { DataSet = "data" }))];

        XDocument document = Parse(report.ToHtml());

        Assert.Equal([true, true, true, false, false, true, true, true], kept);
        XElement misses = document.Descendants(Html + "section").Single(s => (string?)s.Attribute("id") == "misses");
        Assert.Equal(["user_prompt", "tool_output"], misses.Elements(Html + "h3").Select(h => h.Value));
        XElement[] tables = [.. misses.Elements(Html + "table")];
        Assert.Equal(2, tables.Length);
        Assert.StartsWith("False positives", tables[0].Element(Html + "caption")!.Value, StringComparison.Ordinal);
        Assert.EndsWith("2 of 3", tables[0].Element(Html + "caption")!.Value, StringComparison.Ordinal);
        Assert.Equal(["fp-high", "fp-mid"], Ids(tables[0]));
        Assert.Equal(["data", "fp-high", "0.900", "block", "benign blocked high"], tables[0].Descendants(Html + "tbody").Single().Elements().First().Elements().Select(e => e.Value));
        Assert.StartsWith("False negatives", tables[1].Element(Html + "caption")!.Value, StringComparison.Ordinal);
        Assert.Equal(["fn-low", "fn-mid"], Ids(tables[1]));
    }

    [Fact]
    public void ToHtml_OnlyCorrectVerdicts_SaysNoMisses_AndNoOffersMeansNoSection()
    {
        EvaluationReport silent = Report();
        EvaluationReport correct = Report();
        correct.OfferMiss(new EvaluatedItem(GuardSurface.ToolCall, "ok", "fine", false, -0.5, GuardVerdict.Allow));

        Assert.DoesNotContain("id=\"misses\"", silent.ToHtml(), StringComparison.Ordinal);
        XElement section = Parse(correct.ToHtml()).Descendants(Html + "section").Single(s => (string?)s.Attribute("id") == "misses");
        Assert.StartsWith("No misses", section.Element(Html + "p")!.Value, StringComparison.Ordinal);
        Assert.Empty(section.Elements(Html + "table"));
    }

    [Fact]
    public void ToHtml_HostileLongMiss_IsEncodedAndCutToAnExcerpt()
    {
        EvaluationReport report = Report();
        string hostile = "<script>alert('x')</script>\n\n  " + new string('a', 5000);
        report.AddDetail("Command line", "ragpref eval -d '<img src=x onerror=alert(1)>.jsonl'");
        report.OfferMiss(new EvaluatedItem(GuardSurface.ToolDescription, "<b>id</b>" + new string('i', 500), hostile, true, -1, GuardVerdict.Allow) { DataSet = "<i>data</i>" });

        string html = report.ToHtml();
        XDocument document = Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "script" or "img" or "b" or "i");
        string[] cells = [.. document.Descendants(Html + "table").Single(t => (string?)t.Attribute("class") == "misses").Descendants(Html + "td").Select(td => td.Value)];
        Assert.Equal("<i>data</i>", cells[0]);
        Assert.Equal(EvaluationReport.NameLength, cells[1].Length);
        Assert.StartsWith("<b>id</b>iii", cells[1], StringComparison.Ordinal);
        Assert.Equal(EvaluationReport.ExcerptLength, cells[4].Length);
        Assert.StartsWith("<script>alert('x')</script> aaa", cells[4], StringComparison.Ordinal);
        Assert.EndsWith("a\u2026", cells[4], StringComparison.Ordinal);
        Assert.True(html.Length < 20_000, $"the page is {html.Length} characters");
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("  a \t\n b  ", 10, "a b")]
    [InlineData("abcdefghijk", 5, "abcd\u2026")]
    [InlineData("abc\uD83D\uDE00efgh", 5, "abc\u2026")]
    [InlineData("ab\uD83D\uDE00efgh", 5, "ab\uD83D\uDE00\u2026")]
    public void Excerpt_CollapsesSpaceAndCutsWithoutSplittingASurrogatePair(string text, int length, string expected) =>
        Assert.Equal(expected, EvaluationReport.Excerpt(text, length));

    [Fact]
    public void OfferMiss_NaNScore_ThrowsArgumentException()
    {
        EvaluationReport report = Report();

        Assert.Throws<ArgumentException>(() => report.OfferMiss(new EvaluatedItem(GuardSurface.UserPrompt, "x", "t", false, double.NaN, GuardVerdict.Flag)));
    }

    private static EvaluationReport Report()
    {
        var report = new EvaluationReport("Misses");
        report.Add(new EvaluationSection { DataSet = "data", Method = "m", Items = new ScoredItem[] { new(true, 0.9), new(false, 0.1) } });
        return report;
    }

    private static string[] Ids(XElement table) =>
        [.. table.Descendants(Html + "tbody").Single().Elements(Html + "tr").Select(tr => tr.Elements(Html + "td").ElementAt(1).Value)];

    private static XDocument Parse(string html)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
        using var reader = XmlReader.Create(new StringReader(html), settings);
        return XDocument.Load(reader);
    }
}
