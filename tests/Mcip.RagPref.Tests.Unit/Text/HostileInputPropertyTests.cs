using Mcip.RagPref.Guard;
using Mcip.RagPref.Tests.TestSupport;
using Mcip.RagPref.Tests.Embeddings.Tokenization;
using Mcip.RagPref.Embeddings.Tokenization;

namespace Mcip.RagPref.Tests.Text;

/// <summary>
/// Property tests over generated hostile inputs (canonicaliser, tokenizer, windows, intent units, renderers from request
/// JSON, example sanitiser, the whole guard): a few thousand in the normal run, and with <c>MCIP_RAGPREF_FUZZ=1</c> a fuzz run
/// of 1,000,000 (or <c>MCIP_RAGPREF_FUZZ_COUNT</c>) inputs that prints its counts.
/// </summary>
public sealed class HostileInputPropertyTests
{
    /// <summary>The switch that turns on the long fuzz run.</summary>
    public const string FuzzVariable = "MCIP_RAGPREF_FUZZ";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task HostileInputs_EveryStage_HoldsItsProperties(int seed)
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);

        HostileInputChecks.Report report = await HostileInputChecks.RunAsync(1_000, seed, Tokenizer(), guard, guardEvery: 10, TestContext.Current.CancellationToken);

        Assert.True(report.Failures == 0, string.Join(Environment.NewLine, report.Samples));
    }

    [Fact]
    public async Task Fuzz_OneMillionHostileInputs_FindsNoFailure()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable(FuzzVariable) == "1", $"The fuzz run is off; set {FuzzVariable}=1 to run it.");
        int count = int.TryParse(Environment.GetEnvironmentVariable(FuzzVariable + "_COUNT"), out int n) && n > 0 ? n : 1_000_000;
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);
        WordPieceTokenizer tokenizer = Tokenizer();
        int workers = Math.Max(1, Math.Min(2, Environment.ProcessorCount));

        HostileInputChecks.Report[] reports = await Task.WhenAll(Enumerable.Range(0, workers).Select(w =>
            Task.Run(() => HostileInputChecks.RunAsync((count / workers) + (w < count % workers ? 1 : 0), 1_000 + w, tokenizer, guard, guardEvery: 100, TestContext.Current.CancellationToken))));

        long inputs = reports.Sum(r => r.Inputs);
        long failures = reports.Sum(r => r.Failures);
        string summary = $"fuzz: {inputs:N0} inputs, {failures:N0} failures found, {reports.Max(r => r.Elapsed).TotalSeconds:F0} s (seeds 1000..{1_000 + workers - 1})";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(failures == 0, summary + Environment.NewLine + string.Join(Environment.NewLine, reports.SelectMany(r => r.Samples)));
    }

    private static WordPieceTokenizer Tokenizer() => WordPieceTokenizerTests.CreateSmall();
}
