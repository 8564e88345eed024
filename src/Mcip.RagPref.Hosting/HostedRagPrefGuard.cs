using System.Diagnostics.Metrics;
using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// The <see cref="IRagPrefGuard"/> that <c>AddRagPref</c> registers: a <see cref="RagPrefGuard"/> loaded at warm-up (or on
/// the first call), swapped atomically when the store file changes, behind a timeout and a per-surface
/// fail-open/fail-closed policy. Thread-safe.
/// </summary>
internal sealed partial class HostedRagPrefGuard : IRagPrefGuard, IRagPrefGuardHost, IDisposable
{
    /// <summary>The name of the meter the failure counter belongs to (the library's meter name).</summary>
    public const string MeterName = "Mcip.RagPref";

    /// <summary>The failure counter's name.</summary>
    public const string FailuresInstrument = "mcip.ragpref.guard.failures";


    private readonly RagPrefOptions _options;
    private readonly RagPrefEmbedderSource _embedders;
    private readonly IRagPrefStoreSource? _source;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _failures;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private LoadedGuard? _current;
    private RagPrefGuardStatus _status = new();
    private StoreFileWatcher? _watcher;
    private int _disposed;

    public HostedRagPrefGuard(
        IOptions<RagPrefOptions> options,
        RagPrefEmbedderSource embedders,
        ILogger<HostedRagPrefGuard> logger,
        IMeterFactory? meterFactory = null,
        TimeProvider? time = null,
        IRagPrefStoreSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _embedders = embedders;
        _source = source;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        if (meterFactory is not null)
        {
            _options.Guard.MeterFactory ??= meterFactory;
        }

        Meter meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? (_ownedMeter = new Meter(MeterName));
        _failures = meter.CreateCounter<long>(FailuresInstrument, "{request}", "Requests the guard could not screen (timeout or error), by surface and error type; each was allowed or blocked by the failure policy.");
    }

    /// <inheritdoc />
    public RagPrefGuardStatus Status => Volatile.Read(ref _status);

    /// <summary>The options in use.</summary>
    internal RagPrefOptions Options => _options;

    /// <inheritdoc />
    public IList<ChatMessage> ComposeMessages(IEnumerable<ChatMessage> conversation, GuardResult result)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Failure is not null || result.AttackNeighbours.Count + result.BenignNeighbours.Count == 0)
        {
            // A failure result has no neighbours: nothing to compose, and no guard needs to be loaded for that.
            return [.. conversation];
        }

        LoadedGuard lease = AcquireLoaded()
            ?? throw new RagPrefException("The RAG-Pref guard has no store loaded, so it cannot compose context. Start the host (the warm-up loads it) or call GuardAsync first.");
        try
        {
            return lease.Guard.ComposeMessages(conversation, result);
        }
        finally
        {
            lease.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _watcher, null)?.Dispose();
        Interlocked.Exchange(ref _current, null)?.Release();
        _ownedMeter?.Dispose();
    }

    /// <summary>Leases the current guard, or returns <see langword="null"/> when none is loaded.</summary>
    private LoadedGuard? AcquireLoaded()
    {
        while (true)
        {
            LoadedGuard? current = Volatile.Read(ref _current);
            if (current is null)
            {
                return null;
            }

            if (current.TryAcquire())
            {
                return current;
            }

            // Retired between the read and the lease: a newer one is already in place.
        }
    }
}
