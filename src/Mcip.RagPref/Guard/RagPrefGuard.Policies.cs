using Mcip.RagPref.Requests;
using Mcip.RagPref.Scoring;

namespace Mcip.RagPref.Guard;

/// <content>Thresholds saved in the store's metadata (parsed by <see cref="StoreThresholds"/>, once per metadata version).</content>
public sealed partial class RagPrefGuard
{
    private StoreThresholds? _storedThresholds;
    private int _thresholdParses;

    /// <summary>
    /// The store-metadata key under which calibrated thresholds are saved:
    /// <c>guard.&lt;scoring&gt;.&lt;surface&gt;.&lt;flag|block&gt;</c>, for example <c>guard.softknn.toolcall.block</c>.
    /// </summary>
    /// <param name="scoring">The scoring method the thresholds belong to.</param>
    /// <param name="surface">The surface.</param>
    /// <param name="verdict"><see cref="GuardVerdict.Flag"/> or <see cref="GuardVerdict.Block"/>.</param>
    /// <returns>The key.</returns>
    public static string ThresholdKey(GuardScoring scoring, GuardSurface surface, GuardVerdict verdict) => StoreThresholds.Key(scoring, surface, verdict);

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

        StoreThresholds.Save(_store, _options.Scoring, surface, policy);
    }

    /// <summary>How many times this guard parsed the thresholds in the store's metadata (once per metadata version).</summary>
    internal int ThresholdParses => Volatile.Read(ref _thresholdParses);

    /// <summary>The parsed thresholds of the store's current metadata: cached, and parsed again only when the metadata was replaced.</summary>
    internal StoreThresholds StoredThresholds()
    {
        IReadOnlyDictionary<string, string> metadata = _store.Metadata;
        StoreThresholds? cached = Volatile.Read(ref _storedThresholds);
        if (cached is not null && ReferenceEquals(cached.Source, metadata))
        {
            return cached;
        }

        Interlocked.Increment(ref _thresholdParses);
        StoreThresholds parsed = StoreThresholds.Parse(metadata, _options.Scoring);
        Volatile.Write(ref _storedThresholds, parsed);
        return parsed;
    }

    private SurfacePolicy PolicyFor(GuardSurface surface, StoreCalibration calibration) =>
        _explicitPolicies.TryGetValue(surface, out SurfacePolicy? policy) ? policy : StoredThresholds().For(surface) ?? calibration.PolicyFor(surface);
}
