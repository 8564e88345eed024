namespace Mcip.RagPref.Tests.Support.Index;

/// <summary>What the search measurement (<see cref="SearchBenchmarkCommand"/>) measured.</summary>
/// <param name="Kernel">The kernel width the scans used.</param>
/// <param name="BuildMilliseconds">Time to create the index (validation off; includes building quantised codes).</param>
/// <param name="MillisecondsPerQuery">Wall time per query.</param>
/// <param name="QueriesPerSecond">Queries per second.</param>
/// <param name="GigabytesPerSecond">Effective bandwidth: float32 matrix bytes (rows x dimensions x 4) per query times queries per second, in 1e9 bytes.</param>
/// <param name="RecallAtK">Fraction of the exact per-label top-k found (1.0 for exact search).</param>
public sealed record SearchBenchmarkResult(
    string Kernel,
    double BuildMilliseconds,
    double MillisecondsPerQuery,
    double QueriesPerSecond,
    double GigabytesPerSecond,
    double RecallAtK);
