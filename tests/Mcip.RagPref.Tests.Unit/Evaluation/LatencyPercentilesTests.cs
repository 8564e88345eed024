using Mcip.RagPref.Cli.Evaluation;

namespace Mcip.RagPref.Tests.Evaluation;

public sealed class LatencyPercentilesTests
{
    [Fact]
    public void Compute_HundredValues_ReturnsNearestRanks()
    {
        double[] values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        LatencyPercentiles summary = LatencyPercentiles.Compute(values);

        Assert.Equal(new LatencyPercentiles(100, 50.5, 50, 90, 99, 100), summary);
    }

    [Fact]
    public void Compute_SingleValue_EveryPercentileIsIt()
    {
        Assert.Equal(new LatencyPercentiles(1, 3.5, 3.5, 3.5, 3.5, 3.5), LatencyPercentiles.Compute([3.5]));
    }

    [Fact]
    public void Compute_ThreeValues_P50IsTheMiddleAndP90TheLast()
    {
        LatencyPercentiles summary = LatencyPercentiles.Compute([30.0, 10.0, 20.0]);

        Assert.Equal((20.0, 30.0, 30.0), (summary.P50, summary.P90, summary.P99));
    }

    [Fact]
    public void Compute_NaN_Throws()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => LatencyPercentiles.Compute([1.0, double.NaN]));

        Assert.Contains("value 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => LatencyPercentiles.Compute([]));
    }
}
