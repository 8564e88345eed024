namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// The confusion matrix of a scoring rule at one threshold (an item is flagged when <c>Score &gt;= Threshold</c>),
/// with the usual rates. A rate whose denominator is zero is <see cref="double.NaN"/>.
/// </summary>
/// <param name="Threshold">The threshold the counts were taken at.</param>
/// <param name="TruePositives">Attacks flagged.</param>
/// <param name="FalseNegatives">Attacks not flagged.</param>
/// <param name="FalsePositives">Benign items flagged.</param>
/// <param name="TrueNegatives">Benign items not flagged.</param>
internal readonly record struct ConfusionCounts(
    double Threshold,
    int TruePositives,
    int FalseNegatives,
    int FalsePositives,
    int TrueNegatives)
{
    /// <summary>Gets the number of attacks.</summary>
    public int Attacks => TruePositives + FalseNegatives;

    /// <summary>Gets the number of benign items.</summary>
    public int Benign => FalsePositives + TrueNegatives;

    /// <summary>Gets attacks flagged divided by attacks (recall); <see cref="double.NaN"/> without attacks.</summary>
    public double TruePositiveRate => Ratio(TruePositives, Attacks);

    /// <summary>Gets benign items flagged divided by benign items; <see cref="double.NaN"/> without benign items.</summary>
    public double FalsePositiveRate => Ratio(FalsePositives, Benign);

    /// <summary>Gets attacks flagged divided by items flagged; <see cref="double.NaN"/> when nothing is flagged.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Gets correctly classified items divided by all items; <see cref="double.NaN"/> without items.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Attacks + Benign);

    private static double Ratio(int numerator, int denominator) =>
        denominator == 0 ? double.NaN : (double)numerator / denominator;
}
