using Mcip.RagPref.Scoring;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Guard;

/// <summary>
/// Keeps a guard's <see cref="StoreCalibration"/> in step with its store: reads it from the store's metadata or computes it
/// (leave-one-out scores, O(rows) searches), and after a store change recomputes it in the background while requests keep
/// the previous one (unless hubness correction, whose hub scores belong to one version, is on).
/// </summary>
/// <remarks>Thread-safe: the calibration is published with compare-and-swap, newest version wins.</remarks>
internal sealed class GuardCalibrator
{
    private readonly ExampleStore _store;
    private readonly GuardOptions _options;
    private readonly NeighbourScorer _scorer;
    private StoreCalibration? _calibration;
    private Task? _recalibration;
    private int _recalibrating;
    private int _computed;
    private int _stopped;

    /// <summary>Creates the calibrator of a guard over <paramref name="store"/>.</summary>
    public GuardCalibrator(ExampleStore store, GuardOptions options, NeighbourScorer scorer)
    {
        _store = store;
        _options = options;
        _scorer = scorer;
    }

    /// <summary>How many times a calibration was computed by searching the store.</summary>
    public int Computed => Volatile.Read(ref _computed);

    /// <summary>Called on the computing thread just before a calibration is computed (a test hook).</summary>
    public Action? Computing { get; set; }

    /// <summary>
    /// The calibration to score against <paramref name="snapshot"/>: the one of its version when there is one; else, off the
    /// request path, the latest one while a background task computes the new version's (when <paramref name="wait"/> is off,
    /// a calibration exists and hubness correction is off); else computed here.
    /// </summary>
    public StoreCalibration For(ExampleStoreSnapshot snapshot, bool wait = false)
    {
        StoreCalibration? current = Volatile.Read(ref _calibration);
        if (current is not null && current.Version == snapshot.Version)
        {
            return current;
        }

        if (!wait && current is not null && !_options.HubnessCorrection)
        {
            StartRecalibration();
            return current;
        }

        return Calibrate(snapshot);
    }

    /// <summary>Waits until no background recalibration runs (for tests and orderly shutdown).</summary>
    public Task WaitAsync() => Volatile.Read(ref _recalibration) ?? Task.CompletedTask;

    /// <summary>Stops background recalibration after its current step (the guard was disposed).</summary>
    public void Stop() => Volatile.Write(ref _stopped, 1);

    /// <summary>Computes (or reads from the store's metadata) the calibration of <paramref name="snapshot"/> and publishes it unless a newer one is in place.</summary>
    private StoreCalibration Calibrate(ExampleStoreSnapshot snapshot)
    {
        // Item scores saved in the store's metadata for these options (see RagPrefGuard.SaveCalibration) spare the O(rows) searches.
        StoreCalibration? fresh = null;
        if (!_options.HubnessCorrection
            && _store.Metadata.TryGetValue(StoreCalibration.CacheKey(snapshot, _options), out string? cached))
        {
            fresh = StoreCalibration.Deserialize(cached, snapshot.Version, _options);
        }

        if (fresh is null)
        {
            Interlocked.Increment(ref _computed);
            Computing?.Invoke();
            fresh = StoreCalibration.Compute(snapshot, _options, _scorer);
        }

        // Publish unless a calibration of a newer version got there first.
        StoreCalibration? seen = Volatile.Read(ref _calibration);
        while (seen is null || seen.Version < fresh.Version)
        {
            StoreCalibration? was = Interlocked.CompareExchange(ref _calibration, fresh, seen);
            if (ReferenceEquals(was, seen))
            {
                break;
            }

            seen = was;
        }

        return fresh;
    }

    /// <summary>Starts one background recalibration against the store's latest version, unless one is running.</summary>
    private void StartRecalibration()
    {
        if (Interlocked.CompareExchange(ref _recalibrating, 1, 0) != 0)
        {
            return;
        }

        _recalibration = Task.Run(() =>
        {
            try
            {
                while (Volatile.Read(ref _stopped) == 0)
                {
                    using ExampleStoreSnapshot latest = _store.GetSnapshot();
                    if (Volatile.Read(ref _calibration)?.Version >= latest.Version)
                    {
                        break;
                    }

                    Calibrate(latest);
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or RagPrefException or InvalidOperationException)
            {
                // The store was disposed, or could not be calibrated: calls keep the previous calibration, and the next
                // call after a store change tries again.
            }
            finally
            {
                Volatile.Write(ref _recalibrating, 0);
            }
        });
    }
}
