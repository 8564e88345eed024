using Mcip.RagPref.Cli.Evaluation;
using static Mcip.RagPref.Tests.Evaluation.EvaluationMetricsTests;

namespace Mcip.RagPref.Tests.Evaluation;

public sealed class RocCurveTests
{
    [Fact]
    public void Create_TiedGroups_OnePointPerDistinctScoreFromOrigin()
    {
        ScoredItem[] items = [Attack(0.9), Attack(0.5), Benign(0.5), Benign(0.1)];

        RocCurve roc = RocCurve.Create(items);

        Assert.Equal(
            [
                new RocPoint(double.PositiveInfinity, 0, 0, 0, 0),
                new RocPoint(0.9, 1, 0, 0.5, 0),
                new RocPoint(0.5, 2, 1, 1, 0.5),
                new RocPoint(0.1, 2, 2, 1, 1),
            ],
            roc.Points.ToArray());
        Assert.Equal(0.875, roc.Auroc, 15);
    }

    [Fact]
    public void AtFalsePositiveRate_ConstructedScores_ReturnsBestPointWithinLimit()
    {
        // Benign scores 0..99; attacks: 5 above everything, 5 between benign 98 and 99, 10 mid-pack.
        var items = new List<ScoredItem>();
        items.AddRange(Enumerable.Range(0, 100).Select(i => Benign(i)));
        items.AddRange(Enumerable.Repeat(Attack(200), 5));
        items.AddRange(Enumerable.Repeat(Attack(98.5), 5));
        items.AddRange(Enumerable.Repeat(Attack(50.5), 10));
        RocCurve roc = RocCurve.Create(items.ToArray());

        RocPoint at1 = roc.AtFalsePositiveRate(0.01);
        RocPoint at5 = roc.AtFalsePositiveRate(0.05);
        RocPoint at50 = roc.AtFalsePositiveRate(0.50);

        Assert.Equal(new RocPoint(98.5, 10, 1, 0.5, 0.01), at1);
        Assert.Equal(new RocPoint(95, 10, 5, 0.5, 0.05), at5);
        Assert.Equal(1.0, at50.TruePositiveRate);
        Assert.Equal(50, at50.Threshold);
    }

    [Fact]
    public void AtFalsePositiveRate_AttacksTiedWithTooManyBenign_CannotSplitTheTie()
    {
        ScoredItem[] items = [.. Enumerable.Repeat(Benign(0), 98), Benign(1), Benign(1), .. Enumerable.Repeat(Attack(1), 10)];

        RocPoint point = RocCurve.Create(items).AtFalsePositiveRate(0.01);

        Assert.Equal(new RocPoint(double.PositiveInfinity, 0, 0, 0, 0), point);
    }

    [Fact]
    public void AtFalsePositiveRate_AttacksTiedWithAllowedBenign_TakesTheWholeGroup()
    {
        ScoredItem[] items = [.. Enumerable.Repeat(Benign(0), 99), Benign(1), .. Enumerable.Repeat(Attack(1), 10)];

        RocPoint point = RocCurve.Create(items).AtFalsePositiveRate(0.01);

        Assert.Equal(1.0, point.TruePositiveRate);
        Assert.Equal(0.01, point.FalsePositiveRate);
    }

    [Fact]
    public void Create_RandomScores_RatesNeverDecreaseAndEndAtOne()
    {
        RocCurve roc = RocCurve.Create(RandomItems(seed: 7, attacks: 50, benign: 80, levels: 9));

        ReadOnlySpan<RocPoint> points = roc.Points;
        for (int i = 1; i < points.Length; i++)
        {
            Assert.True(points[i].TruePositiveRate >= points[i - 1].TruePositiveRate);
            Assert.True(points[i].FalsePositiveRate >= points[i - 1].FalsePositiveRate);
            Assert.True(points[i].Threshold < points[i - 1].Threshold);
        }

        Assert.Equal((1.0, 1.0), (points[^1].TruePositiveRate, points[^1].FalsePositiveRate));
    }

    [Fact]
    public void Compute_Metrics_ReadTheCurveAtOneAndFivePercent()
    {
        ScoredItem[] items = RandomItems(seed: 8, attacks: 120, benign: 300, levels: 50);

        BinaryClassificationMetrics metrics = BinaryClassificationMetrics.Compute(items);

        Assert.Equal(EvaluationMetrics.Auroc(items), metrics.Auroc, 15);
        Assert.Equal(metrics.Roc.AtFalsePositiveRate(0.01), metrics.AtOnePercentFalsePositives);
        Assert.Equal(metrics.Roc.AtFalsePositiveRate(0.05), metrics.AtFivePercentFalsePositives);
        Assert.Equal((120, 300), (metrics.Attacks, metrics.Benign));
        Assert.True(metrics.AtFivePercentFalsePositives.FalsePositiveRate <= 0.05);
    }
}
