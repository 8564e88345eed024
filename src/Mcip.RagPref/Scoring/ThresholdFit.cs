namespace Mcip.RagPref.Scoring;

/// <summary>
/// A decision threshold fitted on benign scores for a target false-positive rate, with what it achieves on those
/// scores (see <see cref="Fit(ReadOnlySpan{double}, double)"/>).
/// </summary>
/// <param name="Threshold">
/// Flag an item when its score is greater than or equal to this value: the smallest double strictly above the cut (the
/// highest benign score left unflagged). For <see cref="float"/> scores use <see cref="SingleThreshold"/>: casting this
/// value to float rounds it back down to the cut, which would flag the cut's tie group too.
/// </param>
/// <param name="TargetFalsePositiveRate">The rate asked for.</param>
/// <param name="FalsePositives">Benign fitting scores at or above <paramref name="Threshold"/>.</param>
/// <param name="BenignCount">Benign scores the threshold was fitted on.</param>
public readonly record struct ThresholdFit(
    double Threshold,
    double TargetFalsePositiveRate,
    int FalsePositives,
    int BenignCount)
{
    /// <summary>
    /// Gets the threshold for <see cref="float"/> scores: the smallest float strictly above the cut, so a float score
    /// is at or above it exactly when it is above the cut, and the fit's false-positive count holds unchanged.
    /// </summary>
    public float SingleThreshold
    {
        get
        {
            double cut = Math.BitDecrement(Threshold);
            float candidate = (float)cut;
            return candidate > cut ? candidate : MathF.BitIncrement(candidate);
        }
    }

    /// <summary>Gets the false-positive rate reached on the fitting scores; never above the target.</summary>
    public double AchievedFalsePositiveRate => (double)FalsePositives / BenignCount;

    /// <summary>
    /// Gets the smallest non-zero false-positive rate the fitting set can express (one item in
    /// <see cref="BenignCount"/>). A target below it can only be met by flagging no fitting item at all: the
    /// threshold then lies just above the highest benign score and its true rate on new data is unknown.
    /// </summary>
    public double Resolution => 1.0 / BenignCount;

    /// <summary>
    /// Gets whether the set was too small to resolve the target: the target is non-zero but below
    /// <see cref="Resolution"/>. Fit on more benign items when this is <see langword="true"/>.
    /// </summary>
    public bool IsLimitedBySampleSize => TargetFalsePositiveRate > 0 && TargetFalsePositiveRate < Resolution;

    /// <summary>
    /// Fits the lowest threshold whose false-positive rate on <paramref name="benignScores"/> is at most
    /// <paramref name="targetFalsePositiveRate"/>: items scoring at or above it are flagged. Stateless and thread-safe.
    /// </summary>
    /// <param name="benignScores">Scores of benign items (finite numbers, at least one).</param>
    /// <param name="targetFalsePositiveRate">The largest share of benign items to flag, in [0, 1).</param>
    /// <returns>The threshold and what it achieves on these scores.</returns>
    /// <exception cref="ArgumentException">No score was given, or a score is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1).</exception>
    public static ThresholdFit Fit(ReadOnlySpan<double> benignScores, double targetFalsePositiveRate) =>
        ThresholdFitting.Fit(benignScores, targetFalsePositiveRate);
}
