namespace Mcip.RagPref.Guard;

/// <summary>
/// The thresholds on <see cref="GuardResult.Score"/> that turn a score into a verdict for one surface:
/// a score at or above <see cref="BlockThreshold"/> blocks, at or above <see cref="FlagThreshold"/> flags.
/// </summary>
/// <param name="FlagThreshold">Scores at or above this are flagged.</param>
/// <param name="BlockThreshold">Scores at or above this are blocked; must not be below <paramref name="FlagThreshold"/>.</param>
public sealed record SurfacePolicy(float FlagThreshold, float BlockThreshold)
{
    /// <summary>Returns the verdict for a score.</summary>
    /// <param name="score">The attack-likeness score (higher is more attack-like).</param>
    /// <returns><see cref="GuardVerdict.Block"/>, <see cref="GuardVerdict.Flag"/> or <see cref="GuardVerdict.Allow"/>.</returns>
    public GuardVerdict Decide(float score) =>
        score >= BlockThreshold ? GuardVerdict.Block
        : score >= FlagThreshold ? GuardVerdict.Flag
        : GuardVerdict.Allow;

    internal IEnumerable<string> Validate(string name)
    {
        if (!float.IsFinite(FlagThreshold) || !float.IsFinite(BlockThreshold))
        {
            yield return $"{name}: thresholds must be finite numbers (flag {FlagThreshold}, block {BlockThreshold}).";
        }
        else if (BlockThreshold < FlagThreshold)
        {
            yield return $"{name}: the block threshold {BlockThreshold} is below the flag threshold {FlagThreshold}; set block >= flag.";
        }
    }
}
