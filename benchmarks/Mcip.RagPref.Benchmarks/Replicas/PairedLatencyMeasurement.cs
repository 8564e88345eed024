using System.Diagnostics;
using Mcip.RagPref.Benchmarks.Guard;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mcip.RagPref.Benchmarks.Replicas;

/// <summary>
/// A paired check of <see cref="ReplicaLatencyBenchmarks"/> that a shared machine cannot skew: both hosts (without and
/// with <c>UsePostgres</c>) live in one process and screen the same request alternately, so each pair of calls meets the
/// same load. Prints, per request, the median latency of each host and the median of the per-pair ratios.
/// </summary>
internal static class PairedLatencyMeasurement
{
    public const int DefaultPairs = 100;
    private const int WarmUps = 5;

    public static async Task RunAsync(int pairs)
    {
        Console.WriteLine($"== Request latency, paired: the same request screened alternately by a host without and a host with UsePostgres, {pairs} pairs");
        await using PostgresServer server = await PostgresServer.StartAsync(CancellationToken.None);
        string connectionString = ReplicaHosts.Pooled(await server.CreateDatabaseAsync("paired"));
        using IHost without = await ReplicaHosts.StartAsync(null);
        using IHost with = await ReplicaHosts.StartAsync(connectionString);
        await ReplicaHosts.WaitConnectedAsync(with, TimeSpan.FromSeconds(30));
        IRagPrefGuard baseline = without.Services.GetRequiredService<IRagPrefGuard>();
        IRagPrefGuard attached = with.Services.GetRequiredService<IRagPrefGuard>();
        Console.WriteLine($"{"request",-18} {"without p50",12} {"with p50",12} {"median ratio",13} {"ratio p10-p90",15}");
        foreach (GuardBenchmarkRequest request in ReplicaLatencyBenchmarks.Requests())
        {
            GuardRequest screened = request.Requests[0];
            var times = (Without: new List<double>(pairs), With: new List<double>(pairs));
            var ratios = new List<double>(pairs);
            for (int i = -WarmUps; i < pairs; i++)
            {
                // Alternate which host goes first, so neither always runs on a warmer cache.
                bool baselineFirst = (i & 1) == 0;
                double a = await TimeAsync(baselineFirst ? baseline : attached, screened);
                double b = await TimeAsync(baselineFirst ? attached : baseline, screened);
                (double off, double on) = baselineFirst ? (a, b) : (b, a);
                if (i >= 0)
                {
                    times.Without.Add(off);
                    times.With.Add(on);
                    ratios.Add(on / off);
                }
            }

            times.Without.Sort();
            times.With.Sort();
            ratios.Sort();
            Console.WriteLine(
                $"{request.Name,-18} {Percentiles.Of(times.Without, 50),9:F2} ms {Percentiles.Of(times.With, 50),9:F2} ms {Percentiles.Of(ratios, 50),13:F3} "
                + $"{Percentiles.Of(ratios, 10),7:F2}-{Percentiles.Of(ratios, 90):F2}");
        }

        await with.StopAsync();
        await without.StopAsync();
    }

    private static async Task<double> TimeAsync(IRagPrefGuard guard, GuardRequest request)
    {
        long start = Stopwatch.GetTimestamp();
        await guard.GuardAsync(request);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
