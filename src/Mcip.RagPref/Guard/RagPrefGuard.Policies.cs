using System.Globalization;

namespace Mcip.RagPref.Guard;

/// <content>Thresholds saved in the store's metadata.</content>
public sealed partial class RagPrefGuard
{
    /// <summary>
    /// The store-metadata key under which calibrated thresholds are saved:
    /// <c>guard.&lt;scoring&gt;.&lt;surface&gt;.&lt;flag|block&gt;</c>, for example <c>guard.softknn.toolcall.block</c>.
    /// </summary>
    /// <param name="scoring">The scoring method the thresholds belong to.</param>
    /// <param name="surface">The surface.</param>
    /// <param name="verdict"><see cref="GuardVerdict.Flag"/> or <see cref="GuardVerdict.Block"/>.</param>
    /// <returns>The key.</returns>
    public static string ThresholdKey(GuardScoring scoring, GuardSurface surface, GuardVerdict verdict) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"guard.{scoring.ToString().ToLowerInvariant()}.{surface.ToString().ToLowerInvariant()}.{(verdict == GuardVerdict.Block ? "block" : "flag")}");

    /// <summary>
    /// Saves thresholds for one surface in the store's metadata (in memory; call <c>Store.Save</c> to persist).
    /// They apply to guards whose options give no explicit policy for that surface.
    /// </summary>
    /// <param name="surface">The surface.</param>
    /// <param name="policy">The thresholds.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The thresholds are not finite or block is below flag.</exception>
    public void SaveThresholds(GuardSurface surface, SurfacePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string? problem = policy.Validate(surface.ToString()).FirstOrDefault();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(policy));
        }

        _store.SetMetadata(ThresholdKey(_options.Scoring, surface, GuardVerdict.Flag), policy.FlagThreshold.ToString("R", CultureInfo.InvariantCulture));
        _store.SetMetadata(ThresholdKey(_options.Scoring, surface, GuardVerdict.Block), policy.BlockThreshold.ToString("R", CultureInfo.InvariantCulture));
    }

    private SurfacePolicy? StoredPolicy(GuardSurface surface)
    {
        IReadOnlyDictionary<string, string> metadata = _store.Metadata;
        if (metadata.TryGetValue(ThresholdKey(_options.Scoring, surface, GuardVerdict.Flag), out string? flagText)
            && metadata.TryGetValue(ThresholdKey(_options.Scoring, surface, GuardVerdict.Block), out string? blockText)
            && float.TryParse(flagText, NumberStyles.Float, CultureInfo.InvariantCulture, out float flag)
            && float.TryParse(blockText, NumberStyles.Float, CultureInfo.InvariantCulture, out float block))
        {
            var policy = new SurfacePolicy(flag, block);
            return policy.Validate(surface.ToString()).Any() ? null : policy;
        }

        return null;
    }
}
