using System.Buffers;

namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// Summary of a set of latencies (any unit; the report assumes milliseconds): nearest-rank percentiles, mean and
/// maximum. The p-th nearest-rank percentile of n sorted values is the value at rank <c>ceil(p / 100 * n)</c>
/// (1-based), so it is always one of the measured values.
/// </summary>
/// <param name="Count">Number of values.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="P50">Median (nearest rank).</param>
/// <param name="P90">90th percentile (nearest rank).</param>
/// <param name="P99">99th percentile (nearest rank).</param>
/// <param name="Max">Largest value.</param>
internal readonly record struct LatencyPercentiles(int Count, double Mean, double P50, double P90, double P99, double Max)
{
    /// <summary>Summarises the values. Cost: one sort of a pooled copy.</summary>
    /// <param name="values">At least one value; none NaN.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds NaN.</exception>
    public static LatencyPercentiles Compute(ReadOnlySpan<double> values)
    {
        double[] sorted = SortedCopy(values, nameof(values));
        try
        {
            ReadOnlySpan<double> span = sorted.AsSpan(0, values.Length);
            double sum = 0;
            foreach (double value in span)
            {
                sum += value;
            }

            return new LatencyPercentiles(
                span.Length,
                sum / span.Length,
                NearestRank(span, 50),
                NearestRank(span, 90),
                NearestRank(span, 99),
                span[^1]);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sorted);
        }
    }

    /// <summary>Returns the nearest-rank percentile of already sorted values.</summary>
    internal static double NearestRank(ReadOnlySpan<double> sortedValues, double percentile)
    {
        // p * n is formed before dividing so that whole-number products (90 * 10) stay exact.
        double rank = Math.Ceiling((percentile * sortedValues.Length / 100.0) - 1e-9);
        int index = (int)Math.Clamp(rank, 1, sortedValues.Length) - 1;
        return sortedValues[index];
    }

    /// <summary>Copies the values into a pooled array and sorts them; the caller returns the array.</summary>
    internal static double[] SortedCopy(ReadOnlySpan<double> values, string paramName)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("At least one value is needed to compute a percentile, but none was given.", paramName);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new ArgumentException($"Every value must be a number, but value {i} is NaN. Drop the failed measurements first.", paramName);
            }
        }

        double[] copy = ArrayPool<double>.Shared.Rent(values.Length);
        values.CopyTo(copy);
        copy.AsSpan(0, values.Length).Sort();
        return copy;
    }
}
