using System.Globalization;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Scoring;

namespace Mcip.RagPref.Guard;

/// <summary>
/// The thresholds saved in one version of a store's metadata for one scoring method, parsed once: a guard keeps the
/// instance of the metadata it last read and parses again only when the store's metadata is replaced (metadata is an
/// immutable dictionary swapped on every change), never per request.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class StoreThresholds
{
    private readonly SurfacePolicy?[] _bySurface;

    private StoreThresholds(IReadOnlyDictionary<string, string> source, SurfacePolicy?[] bySurface)
    {
        Source = source;
        _bySurface = bySurface;
    }

    /// <summary>The metadata dictionary these thresholds were parsed from (compared by reference).</summary>
    public IReadOnlyDictionary<string, string> Source { get; }

    /// <summary>
    /// The metadata key of a threshold: <c>guard.&lt;scoring&gt;.&lt;surface&gt;.&lt;flag|block&gt;</c>, for example
    /// <c>guard.softknn.toolcall.block</c>.
    /// </summary>
    public static string Key(GuardScoring scoring, GuardSurface surface, GuardVerdict verdict) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"guard.{scoring.ToString().ToLowerInvariant()}.{surface.ToString().ToLowerInvariant()}.{(verdict == GuardVerdict.Block ? "block" : "flag")}");

    /// <summary>
    /// Parses the thresholds of every surface for <paramref name="scoring"/> from <paramref name="metadata"/>; a surface whose
    /// two entries are missing, unparsable, not finite or out of order has none.
    /// </summary>
    public static StoreThresholds Parse(IReadOnlyDictionary<string, string> metadata, GuardScoring scoring)
    {
        GuardSurface[] surfaces = Enum.GetValues<GuardSurface>();
        var bySurface = new SurfacePolicy?[surfaces.Max(s => (int)s) + 1];
        foreach (GuardSurface surface in surfaces)
        {
            if (metadata.TryGetValue(Key(scoring, surface, GuardVerdict.Flag), out string? flagText)
                && metadata.TryGetValue(Key(scoring, surface, GuardVerdict.Block), out string? blockText)
                && float.TryParse(flagText, NumberStyles.Float, CultureInfo.InvariantCulture, out float flag)
                && float.TryParse(blockText, NumberStyles.Float, CultureInfo.InvariantCulture, out float block))
            {
                var policy = new SurfacePolicy(flag, block);
                bySurface[(int)surface] = policy.Validate(surface.ToString()).Any() ? null : policy;
            }
        }

        return new StoreThresholds(metadata, bySurface);
    }

    /// <summary>The stored thresholds of <paramref name="surface"/>; <see langword="null"/> when the store holds none (or none valid).</summary>
    public SurfacePolicy? For(GuardSurface surface) => (uint)surface < (uint)_bySurface.Length ? _bySurface[(int)surface] : null;

    /// <summary>Writes <paramref name="policy"/> for <paramref name="surface"/> into a store's metadata as invariant round-trip text.</summary>
    public static void Save(Stores.ExampleStore store, GuardScoring scoring, GuardSurface surface, SurfacePolicy policy)
    {
        store.SetMetadata(Key(scoring, surface, GuardVerdict.Flag), policy.FlagThreshold.ToString("R", CultureInfo.InvariantCulture));
        store.SetMetadata(Key(scoring, surface, GuardVerdict.Block), policy.BlockThreshold.ToString("R", CultureInfo.InvariantCulture));
    }
}
