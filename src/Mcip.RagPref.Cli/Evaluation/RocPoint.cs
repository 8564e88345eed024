namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// One operating point of a scoring rule: the rates reached when every item with <c>Score &gt;= Threshold</c> is
/// flagged as an attack.
/// </summary>
/// <param name="Threshold">
/// The decision threshold: one of the distinct scores, or <see cref="double.PositiveInfinity"/> for the point that
/// flags nothing. Any threshold strictly above the next lower distinct score and at most this value gives the same point.
/// </param>
/// <param name="TruePositives">Attacks flagged.</param>
/// <param name="FalsePositives">Benign items flagged.</param>
/// <param name="TruePositiveRate">Attacks flagged divided by attacks (recall, detection rate).</param>
/// <param name="FalsePositiveRate">Benign items flagged divided by benign items.</param>
internal readonly record struct RocPoint(
    double Threshold,
    int TruePositives,
    int FalsePositives,
    double TruePositiveRate,
    double FalsePositiveRate);
