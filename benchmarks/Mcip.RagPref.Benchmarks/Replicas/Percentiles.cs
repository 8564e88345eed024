namespace Mcip.RagPref.Benchmarks.Replicas;

/// <summary>Nearest-rank percentiles of a sample.</summary>
internal static class Percentiles
{
    /// <summary>The <paramref name="percent"/>th percentile (nearest rank) of <paramref name="sorted"/>, which must be sorted.</summary>
    public static double Of(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>"p50 x, p90 y, p99 z, max w" in milliseconds.</summary>
    public static string Summary(IEnumerable<double> milliseconds)
    {
        List<double> sorted = [.. milliseconds];
        sorted.Sort();
        return $"min {Of(sorted, 0):F2}  p50 {Of(sorted, 50):F2}  p90 {Of(sorted, 90):F2}  p99 {Of(sorted, 99):F2}  max {Of(sorted, 100):F2} ms  (n = {sorted.Count})";
    }
}
