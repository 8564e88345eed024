using Mcip.RagPref.Cli.Evaluation;
using Mcip.RagPref.Scoring;

namespace Mcip.RagPref.Tests.Evaluation;

public sealed class ThresholdFitTests
{
    [Fact]
    public void FitThreshold_HundredDistinctScores_FlagsExactlyTheTopFive()
    {
        double[] benign = Enumerable.Range(0, 100).Select(i => (double)i).Reverse().ToArray();

        ThresholdFit fit = EvaluationMetrics.FitThreshold(benign, 0.05);

        Assert.Equal(Math.BitIncrement(94.0), fit.Threshold);
        Assert.Equal(5, fit.FalsePositives);
        Assert.Equal(0.05, fit.AchievedFalsePositiveRate);
        Assert.False(fit.IsLimitedBySampleSize);
    }

    [Fact]
    public void FitThreshold_TieAtTheCut_FlagsFewerRatherThanSplittingTheTie()
    {
        // Twenty scores: allowed 2 (10%), but the 2nd and 3rd highest tie at 0.8 -> only the 0.9 is flagged.
        double[] benign = [0.9, 0.8, 0.8, .. Enumerable.Repeat(0.1, 17)];

        ThresholdFit fit = EvaluationMetrics.FitThreshold(benign, 0.10);

        Assert.Equal(1, fit.FalsePositives);
        Assert.True(fit.Threshold > 0.8 && fit.Threshold <= 0.9);
    }

    [Fact]
    public void FitThreshold_TargetBelowResolution_PlacesThresholdAboveEveryScore()
    {
        double[] benign = [0.3, 0.1, 0.7, 0.2];

        ThresholdFit fit = EvaluationMetrics.FitThreshold(benign, 0.01);

        Assert.Equal(Math.BitIncrement(0.7), fit.Threshold);
        Assert.Equal(0, fit.FalsePositives);
        Assert.True(fit.IsLimitedBySampleSize);
        Assert.Equal(0.25, fit.Resolution);
    }

    [Fact]
    public void FitThreshold_OneScoreAndZeroTarget_PlacesThresholdJustAboveIt()
    {
        ThresholdFit fit = EvaluationMetrics.FitThreshold([0.5], 0);

        Assert.Equal(Math.BitIncrement(0.5), fit.Threshold);
        Assert.False(fit.IsLimitedBySampleSize);
    }

    [Theory]
    [InlineData(11, 0.01)]
    [InlineData(12, 0.05)]
    [InlineData(13, 0.29)]
    [InlineData(14, 0.5)]
    [InlineData(15, 0.0)]
    public void FitThreshold_RandomScores_MeetsTargetAndIsTheSmallestSuchThreshold(int seed, double target)
    {
        ScoredItem[] items = EvaluationMetricsTests.RandomItems(seed, attacks: 30, benign: 271, levels: 40);
        ScoredItem[] benign = items.Where(i => !i.IsAttack).ToArray();

        ThresholdFit fit = EvaluationMetrics.FitThreshold(items, target);

        ConfusionCounts at = EvaluationMetrics.CountAt(benign, fit.Threshold);
        ConfusionCounts below = EvaluationMetrics.CountAt(benign, Math.BitDecrement(fit.Threshold));
        Assert.True(at.FalsePositiveRate <= target, $"FPR {at.FalsePositiveRate} above target {target}");
        Assert.True(below.FalsePositiveRate > target, $"a smaller threshold also met the target: FPR {below.FalsePositiveRate}");
        Assert.Equal(at.FalsePositives, fit.FalsePositives);
        Assert.Equal(271, fit.BenignCount);
    }

    [Fact]
    public void SingleThreshold_FloatScores_KeepsTheFittedCountWhereACastWouldNot()
    {
        // Float scores: the 6th highest (0.7f) is the cut; a cast of the double threshold lands back on 0.7f.
        float[] scores = [0.95f, 0.9f, 0.85f, 0.8f, 0.75f, 0.7f, 0.7f, .. Enumerable.Repeat(0.1f, 93)];

        ThresholdFit fit = EvaluationMetrics.FitThreshold(scores.Select(s => (double)s).ToArray(), 0.05);

        Assert.Equal(5, fit.FalsePositives);
        Assert.Equal(MathF.BitIncrement(0.7f), fit.SingleThreshold);
        Assert.Equal(5, scores.Count(s => s >= fit.SingleThreshold));
        Assert.Equal(7, scores.Count(s => s >= (float)fit.Threshold));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(-3.000000001)]
    [InlineData(1e-40)]
    [InlineData(double.MaxValue)]
    public void SingleThreshold_AnyCut_IsTheSmallestFloatAboveIt(double cut)
    {
        ThresholdFit fit = EvaluationMetrics.FitThreshold([cut], 0);

        float threshold = fit.SingleThreshold;

        Assert.True(threshold > cut);
        Assert.True(MathF.BitDecrement(threshold) <= cut);
    }

    [Fact]
    public void FitThreshold_NoBenignItems_Throws()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(
            () => EvaluationMetrics.FitThreshold([new ScoredItem(true, 0.4)], 0.01));

        Assert.Contains("needs benign scores", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void FitThreshold_TargetOutsideRange_Throws(double target)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationMetrics.FitThreshold([0.1, 0.2], target));
    }

    [Fact]
    public void FitThreshold_InfiniteScore_Throws()
    {
        Assert.Throws<ArgumentException>(() => EvaluationMetrics.FitThreshold([0.1, double.PositiveInfinity], 0.1));
    }
}
