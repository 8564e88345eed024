using System.Diagnostics;
using Mcip.RagPref.Benchmarks.Guard;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mcip.RagPref.Benchmarks.Replicas;

/// <summary>
/// A paired check of <see cref="ReplicaLatencyBenchmarks"/> that a shared machine skews less: three hosts live in one
/// process and screen the same request in turn (the order rotating every round), so each round meets the same load.
/// The baseline is a host built with <c>AddRagPref()</c>; the control a second, identical host (its ratio to the
/// baseline shows what two equal hosts differ by here); the third adds <c>UsePostgres</c>. Prints, per request, the median
/// latency of each host and the medians of the per-round ratios to the baseline.
/// </summary>
internal static class PairedLatencyMeasurement
{
    public const int DefaultRounds = 300;
    private const int WarmUps = 5;

    public static async Task RunAsync(int rounds)
    {
        Console.WriteLine($"== Request latency, paired: the same request screened in turn by two hosts without and one with UsePostgres, {rounds} rounds");
        await using PostgresServer server = await PostgresServer.StartAsync(CancellationToken.None);
        string connectionString = ReplicaHosts.Pooled(await server.CreateDatabaseAsync("paired"));
        using IHost baselineHost = await ReplicaHosts.StartAsync(null);
        using IHost controlHost = await ReplicaHosts.StartAsync(null);
        using IHost attachedHost = await ReplicaHosts.StartAsync(connectionString);
        await ReplicaHosts.WaitConnectedAsync(attachedHost, TimeSpan.FromSeconds(30));
        IRagPrefGuard[] guards = [.. new[] { baselineHost, controlHost, attachedHost }.Select(h => h.Services.GetRequiredService<IRagPrefGuard>())];
        Console.WriteLine($"{"request",-18} {"without p50",12} {"control p50",12} {"with p50",12} {"control/without",16} {"with/without",13} {"with/without p10-p90",21}");
        foreach (GuardBenchmarkRequest request in ReplicaLatencyBenchmarks.Requests())
        {
            GuardRequest screened = request.Requests[0];
            var times = new List<double>[] { new(rounds), new(rounds), new(rounds) };
            var control = new List<double>(rounds);
            var attached = new List<double>(rounds);
            var round = new double[3];
            for (int i = -WarmUps; i < rounds; i++)
            {
                // Rotate the order, so no host always runs first (or right after a particular other one).
                for (int k = 0; k < 3; k++)
                {
                    int host = (i + WarmUps + k) % 3;
                    round[host] = await TimeAsync(guards[host], screened);
                }

                if (i >= 0)
                {
                    for (int host = 0; host < 3; host++)
                    {
                        times[host].Add(round[host]);
                    }

                    control.Add(round[1] / round[0]);
                    attached.Add(round[2] / round[0]);
                }
            }

            foreach (List<double> list in times.Append(control).Append(attached))
            {
                list.Sort();
            }

            Console.WriteLine(
                $"{request.Name,-18} {Percentiles.Of(times[0], 50),9:F2} ms {Percentiles.Of(times[1], 50),9:F2} ms {Percentiles.Of(times[2], 50),9:F2} ms "
                + $"{Percentiles.Of(control, 50),16:F3} {Percentiles.Of(attached, 50),13:F3} {Percentiles.Of(attached, 10),15:F2}-{Percentiles.Of(attached, 90):F2}");
        }

        await attachedHost.StopAsync();
        await controlHost.StopAsync();
        await baselineHost.StopAsync();
    }

    private static async Task<double> TimeAsync(IRagPrefGuard guard, GuardRequest request)
    {
        long start = Stopwatch.GetTimestamp();
        await guard.GuardAsync(request);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
