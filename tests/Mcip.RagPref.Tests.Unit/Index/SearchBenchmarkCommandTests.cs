using System.Text.Json;
using Mcip.RagPref.Index;
using Mcip.RagPref.Tests.Support.Index;

namespace Mcip.RagPref.Tests.Index;

/// <summary>The index search measurement the benchmarks project runs as <c>search</c> (it was <c>ragpref bench search</c>).</summary>
public sealed class SearchBenchmarkCommandTests
{
    [Fact]
    public async Task BenchSearch_ExactJson_PrintsOneObjectWithRecallOne()
    {
        (int code, string output, _) = await RunAsync("--n", "3000", "--dim", "40", "--k", "5", "--queries", "6", "--json");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("ms_per_query").GetDouble() > 0);
        Assert.True(root.GetProperty("qps").GetDouble() > 0);
        Assert.True(root.GetProperty("gb_per_s").GetDouble() > 0);
        Assert.Equal(1.0, root.GetProperty("recall_at_k").GetDouble());
        Assert.Equal("none", root.GetProperty("quantization").GetString());
    }

    [Fact]
    public async Task BenchSearch_Int8Batched_ReportsRecallAgainstExactSearch()
    {
        (int code, string output, _) = await RunAsync(
            "--n", "3000", "--dim", "40", "--k", "5", "--queries", "8", "--batch", "4", "--quantization", "int8", "--clustered", "--json");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        double recall = json.RootElement.GetProperty("recall_at_k").GetDouble();
        Assert.InRange(recall, 0.9, 1.0);
        Assert.Equal(4, json.RootElement.GetProperty("batch").GetInt32());
    }

    [Fact]
    public async Task BenchSearch_Text_PrintsEveryMeasure()
    {
        (int code, string output, _) = await RunAsync("--n", "500", "--dim", "16", "--k", "3", "--queries", "4", "--quantization", "binary");

        Assert.Equal(0, code);
        Assert.Contains("ms per query:", output, StringComparison.Ordinal);
        Assert.Contains("queries/s:", output, StringComparison.Ordinal);
        Assert.Contains("GB/s (eff.):", output, StringComparison.Ordinal);
        Assert.Contains("recall@3:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchSearch_ZeroRows_FailsWithExplanation()
    {
        (int code, _, string error) = await RunAsync("--n", "0");

        Assert.Equal(1, code);
        Assert.Contains("--n must be a positive integer", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await SearchBenchmarkCommand.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void KernelName_IsTheWidthTheIndexScansWith()
    {
        // VectorIndex picks FloatKernels.BestWidth() unless a test forces a width.
        Assert.Equal(FloatKernels.BestWidth().ToString(), SearchBenchmark.KernelName());
    }
}
