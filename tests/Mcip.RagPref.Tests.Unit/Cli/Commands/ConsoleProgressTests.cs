using Mcip.RagPref.Cli;
using Mcip.RagPref.Cli.Commands;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Commands;

public sealed class ConsoleProgressTests
{
    [Fact]
    public void Report_Redirected_WritesALineAtMostEveryTwoSecondsAndAlwaysTheLastWithRateAndTime()
    {
        var clock = new ManualClock();
        var error = new StringWriter();
        var output = new StringWriter();
        var progress = new ConsoleProgress(new CliConsole(TextReader.Null, output, error, IsErrorRedirected: true), "prompts", "items scored", clock);

        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new StoreBuildProgress(10, 100));
        clock.Advance(TimeSpan.FromSeconds(1.5));
        progress.Report(new StoreBuildProgress(25, 100));
        clock.Advance(TimeSpan.FromSeconds(0.5));
        progress.Report(new StoreBuildProgress(30, 100));
        clock.Advance(TimeSpan.FromSeconds(2));
        progress.Report(new StoreBuildProgress(100, 100));
        progress.Report(new StoreBuildProgress(100, 100));
        progress.Finish();

        Assert.Equal(["prompts: 25/100 items scored, 10/s, ~8 s left", "prompts: 100/100 items scored, 20/s, 5.0 s"], CliRun.Lines(error.ToString().ReplaceLineEndings("\n")).Select(l => l.TrimEnd()));
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void Report_Terminal_RedrawsOneBarLineAndEndsIt()
    {
        var clock = new ManualClock();
        var error = new StringWriter();
        var progress = new ConsoleProgress(new CliConsole(TextReader.Null, TextWriter.Null, error, IsErrorRedirected: false), "store", "texts embedded", clock);

        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new StoreBuildProgress(50, 100));
        progress.Report(new StoreBuildProgress(60, 100));
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new StoreBuildProgress(100, 100));

        string text = error.ToString();
        Assert.Equal(2, text.Count(c => c == '\r'));
        Assert.Contains("\r###############............... store: 50/100 texts embedded, 50/s, ~1 s left", text, StringComparison.Ordinal);
        Assert.DoesNotContain("60/100", text, StringComparison.Ordinal);
        Assert.Equal("############################## store: 100/100 texts embedded, 50/s, 2.0 s", text[(text.LastIndexOf('\r') + 1)..].TrimEnd());
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
