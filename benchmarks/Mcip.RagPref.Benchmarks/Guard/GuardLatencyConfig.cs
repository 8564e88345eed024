using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;

namespace Mcip.RagPref.Benchmarks.Guard;

/// <summary>
/// A latency job: one invocation per iteration (so each measurement is one request), <see cref="Iterations"/>
/// iterations after 10 warm-ups, no outlier removal (the tail is the point), plus P50, P95, P99 columns and the memory
/// diagnoser. Run it without <c>--job</c> (a command-line job would be added as a second job with its own rows).
/// </summary>
internal sealed class GuardLatencyConfig : ManualConfig
{
    /// <summary>The environment variable that overrides <see cref="Iterations"/> (for a quick smoke run, for example 10).</summary>
    public const string IterationsVariable = "MCIP_RAGPREF_BENCH_GUARD_ITERATIONS";

    /// <summary>
    /// Measured iterations (requests) per case: 200 by default, or <see cref="IterationsVariable"/>. Keep it a multiple
    /// of 5 so the mix screens each request equally often.
    /// </summary>
    public static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), out int n) && n > 0 ? n : 200;

    public GuardLatencyConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Throughput)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(10)
            .WithIterationCount(Iterations)
            .WithLaunchCount(1)
            .WithOutlierMode(OutlierMode.DontRemove)
            .WithId("Latency"));
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, PercentileColumn.P99);

        // P50 is the median: BenchmarkDotNet adds a Median column of its own for skewed results; keep one.
        HideColumns(StatisticColumn.Median);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
