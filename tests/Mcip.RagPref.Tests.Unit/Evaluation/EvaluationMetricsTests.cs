using Mcip.RagPref.Cli.Evaluation;
using Mcip.RagPref.Scoring;

namespace Mcip.RagPref.Tests.Evaluation;

public sealed class EvaluationMetricsTests
{
    [Fact]
    public void Auroc_SmallCase_MatchesHandCount()
    {
        // Pairs (attack, benign): 0.9>0.5, 0.9>0.1, 0.4<0.5, 0.4>0.1 -> 3 of 4.
        ScoredItem[] items = [Attack(0.9), Attack(0.4), Benign(0.5), Benign(0.1)];

        Assert.Equal(0.75, EvaluationMetrics.Auroc(items), 15);
    }

    [Fact]
    public void Auroc_TieBetweenClasses_CountsOneHalf()
    {
        // 0.5 vs 0.5 ties (1/2), the other three pairs are wins -> 3.5 of 4.
        ScoredItem[] items = [Attack(0.5), Attack(0.8), Benign(0.5), Benign(0.2)];

        Assert.Equal(0.875, EvaluationMetrics.Auroc(items), 15);
    }

    [Fact]
    public void Auroc_PerfectSeparation_IsOne()
    {
        ScoredItem[] items = [Benign(-1), Benign(0.2), Attack(0.3), Attack(7)];

        Assert.Equal(1.0, EvaluationMetrics.Auroc(items));
    }

    [Fact]
    public void Auroc_InvertedRule_IsZero()
    {
        ScoredItem[] items = [Attack(-1), Attack(0.2), Benign(0.3), Benign(7)];

        Assert.Equal(0.0, EvaluationMetrics.Auroc(items));
    }

    [Fact]
    public void Auroc_AllScoresTied_IsOneHalf()
    {
        ScoredItem[] items = [Attack(0.4), Attack(0.4), Attack(0.4), Benign(0.4)];

        Assert.Equal(0.5, EvaluationMetrics.Auroc(items));
    }

    [Theory]
    [InlineData(1, 10, 20)]
    [InlineData(2, 1, 1)]
    [InlineData(3, 37, 3)]
    [InlineData(4, 200, 317)]
    public void Auroc_RandomScoresWithTies_EqualsBruteForcePairCount(int seed, int attacks, int benign)
    {
        ScoredItem[] items = RandomItems(seed, attacks, benign, levels: 17);

        double expected = BruteForceAuroc(items);

        Assert.Equal(expected, EvaluationMetrics.Auroc(items), 12);
        Assert.Equal(expected, RocCurve.Create(items).Auroc, 12);
    }

    [Fact]
    public void Auroc_OneClassOnly_ThrowsNamingTheCounts()
    {
        ScoredItem[] items = [Benign(0.1), Benign(0.2)];

        ArgumentException ex = Assert.Throws<ArgumentException>(() => EvaluationMetrics.Auroc(items));

        Assert.Contains("0 attack and 2 benign", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auroc_NaNScore_ThrowsNamingTheItem()
    {
        ScoredItem[] items = [Attack(0.1), Benign(double.NaN)];

        ArgumentException ex = Assert.Throws<ArgumentException>(() => EvaluationMetrics.Auroc(items));

        Assert.Contains("item 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountAt_Threshold_FlagsScoresAtOrAbove()
    {
        ScoredItem[] items = [Attack(0.9), Attack(0.5), Attack(0.1), Benign(0.5), Benign(0.2)];

        ConfusionCounts counts = EvaluationMetrics.CountAt(items, 0.5);

        Assert.Equal(new ConfusionCounts(0.5, 2, 1, 1, 1), counts);
        Assert.Equal(2.0 / 3, counts.TruePositiveRate, 15);
        Assert.Equal(0.5, counts.FalsePositiveRate);
        Assert.Equal(2.0 / 3, counts.Precision, 15);
        Assert.Equal(0.6, counts.Accuracy, 15);
    }

    [Fact]
    public void CountAt_NoBenignItems_FalsePositiveRateIsNaN()
    {
        ConfusionCounts counts = EvaluationMetrics.CountAt([Attack(1)], 0);

        Assert.True(double.IsNaN(counts.FalsePositiveRate));
        Assert.Equal(1.0, counts.TruePositiveRate);
    }

    [Fact]
    public void RatesByCategory_MixedItems_ReportsRecallAndFalsePositivesPerCategory()
    {
        ScoredItem[] items =
        [
            new(true, 0.9, "exfiltration"), new(true, 0.2, "exfiltration"), new(true, 0.8, "jailbreak"),
            new(false, 0.7, "trigger-words"), new(false, 0.1, "trigger-words"), new(false, 0.1, null),
        ];

        IReadOnlyList<CategoryRate> rates = EvaluationMetrics.RatesByCategory(items, 0.5);

        Assert.Equal(
            [
                new CategoryRate("exfiltration", true, 2, 1),
                new CategoryRate("jailbreak", true, 1, 1),
                new CategoryRate(string.Empty, false, 1, 0),
                new CategoryRate("trigger-words", false, 2, 1),
            ],
            rates);
        Assert.Equal(0.5, rates[0].Rate);
    }

    [Fact]
    public void ContrastAccuracy_Margins_CountsMatchingSignsAndZeroAsWrong()
    {
        ScoredItem[] margins = [Attack(0.2), Attack(-0.1), Attack(0), Benign(-0.3), Benign(0.05), Benign(0)];

        Assert.Equal(2.0 / 6, EvaluationMetrics.ContrastAccuracy(margins), 15);
    }

    [Fact]
    public void ContrastAccuracy_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => EvaluationMetrics.ContrastAccuracy([]));
    }

    [Theory]
    [InlineData(50, 5)]
    [InlineData(90, 9)]
    [InlineData(99, 10)]
    [InlineData(100, 10)]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    public void Percentile_TenValues_ReturnsNearestRank(double percentile, double expected)
    {
        double[] values = [7, 3, 10, 1, 9, 2, 8, 5, 4, 6];

        Assert.Equal(expected, EvaluationMetrics.Percentile(values, percentile));
    }

    [Fact]
    public void Percentile_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationMetrics.Percentile([1.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationMetrics.Percentile([1.0], 100.5));
        Assert.Throws<ArgumentException>(() => EvaluationMetrics.Percentile([], 50));
    }

    internal static ScoredItem Attack(double score) => new(true, score);

    internal static ScoredItem Benign(double score) => new(false, score);

    internal static ScoredItem[] RandomItems(int seed, int attacks, int benign, int levels)
    {
        var random = new Random(seed);
        var items = new ScoredItem[attacks + benign];
        for (int i = 0; i < items.Length; i++)
        {
            bool isAttack = i < attacks;

            // Few distinct levels force ties; attacks lean higher so the AUROC is away from 0.5.
            double score = Math.Floor(random.NextDouble() * levels) / levels + (isAttack ? 0.2 : 0);
            items[i] = new ScoredItem(isAttack, score);
        }

        random.Shuffle(items);
        return items;
    }

    private static double BruteForceAuroc(ScoredItem[] items)
    {
        double wins = 0;
        long pairs = 0;
        foreach (ScoredItem a in items)
        {
            if (!a.IsAttack)
            {
                continue;
            }

            foreach (ScoredItem b in items)
            {
                if (b.IsAttack)
                {
                    continue;
                }

                pairs++;
                wins += a.Score > b.Score ? 1 : a.Score == b.Score ? 0.5 : 0;
            }
        }

        return wins / pairs;
    }

    [Theory]
    [InlineData(0.01, 100)]
    [InlineData(0.07, 100)]
    [InlineData(0.1, 30)]
    [InlineData(0.05, 7)]
    [InlineData(1.0, 12)]
    [InlineData(0.0, 50)]
    public void AllowedCount_IsTheThresholdFitsRule(double rate, int count)
    {
        // The CLI is built on the core's public API, so it keeps its own copy of the fit's rounding rule; they must agree.
        Assert.Equal(ThresholdFitting.AllowedCount(rate, count), EvaluationMetrics.AllowedCount(rate, count));
    }
}
