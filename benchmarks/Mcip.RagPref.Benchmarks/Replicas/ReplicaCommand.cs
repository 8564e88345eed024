using System.Globalization;

namespace Mcip.RagPref.Benchmarks.Replicas;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Mcip.RagPref.Benchmarks -- replicas [propagation [N] | memory [ROWS [DIMENSIONS]] | latency [ROUNDS]]</c>:
/// the measurements of PostgreSQL replicas that are not per-call benchmarks. Without a sub-command, propagation and
/// memory run with their defaults (200 additions; 100,000 rows); <c>latency</c> is a paired check of
/// <see cref="ReplicaLatencyBenchmarks"/>. Each starts its own private PostgreSQL 15 server and removes it afterwards.
/// </summary>
internal static class ReplicaCommand
{
    /// <summary>The sub-command the memory measurement runs itself as, in a fresh process.</summary>
    public const string MemoryChild = "memory-child";

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args)
        {
            case []:
                await PropagationMeasurement.RunAsync(PropagationMeasurement.DefaultAdditions);
                await MemoryMeasurement.RunAsync(MemoryMeasurement.DefaultRows, SyntheticEmbedder.DefaultDimensions);
                return 0;
            case ["propagation", .. var rest]:
                await PropagationMeasurement.RunAsync(Count(rest, PropagationMeasurement.DefaultAdditions));
                return 0;
            case ["latency", .. var rest]:
                await PairedLatencyMeasurement.RunAsync(Count(rest, PairedLatencyMeasurement.DefaultRounds));
                return 0;
            case ["memory", .. var rest]:
                await MemoryMeasurement.RunAsync(Count(rest.Take(1).ToArray(), MemoryMeasurement.DefaultRows), Count(rest.Skip(1).ToArray(), SyntheticEmbedder.DefaultDimensions));
                return 0;
            case [MemoryChild, string connectionString, string dimensions]:
                return await MemoryMeasurement.RunChildAsync(connectionString, Count([dimensions], SyntheticEmbedder.DefaultDimensions));
            default:
                await Console.Error.WriteLineAsync("usage: replicas [propagation [ADDITIONS] | memory [ROWS [DIMENSIONS]] | latency [ROUNDS]]");
                return 2;
        }
    }

    private static int Count(string[] rest, int fallback) =>
        rest is [string text] && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : fallback;
}
