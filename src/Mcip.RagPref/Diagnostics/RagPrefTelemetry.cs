using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Mcip.RagPref.Diagnostics;

/// <summary>
/// The library's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <see cref="Name"/>, with the
/// instruments every guard records: embed, search and guard latency (seconds) and verdicts by surface.
/// </summary>
/// <remarks>
/// Instruments (OpenTelemetry semantic style): <c>mcip.ragpref.embed.duration</c>, <c>mcip.ragpref.search.duration</c>,
/// <c>mcip.ragpref.guard.duration</c> (histograms, s, tag <c>mcip.ragpref.surface</c>; the guard one also
/// <c>mcip.ragpref.verdict</c>), <c>mcip.ragpref.guard.verdicts</c> (counter, tags surface and verdict). Integrations
/// that apply a failure policy add <c>mcip.ragpref.guard.failures</c> on a meter of the same name. Thread-safe.
/// </remarks>
internal sealed class RagPrefTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Mcip.RagPref";

    /// <summary>Tag naming the surface (<c>user_prompt</c>, <c>tool_call</c>, <c>tool_output</c>, <c>tool_description</c>).</summary>
    public const string SurfaceTag = "mcip.ragpref.surface";

    /// <summary>Tag naming the verdict (<c>allow</c>, <c>flag</c>, <c>block</c>).</summary>
    public const string VerdictTag = "mcip.ragpref.verdict";

    /// <summary>The activity source every guard call is traced with (an activity named <c>guard</c>).</summary>
    public static readonly ActivitySource Source = new(Name, Version);

    // One telemetry per meter factory: a host that recreates its guard (store reloads) keeps one set of instruments.
    private static readonly ConditionalWeakTable<IMeterFactory, RagPrefTelemetry> ByFactory = new();

    private static readonly Lazy<RagPrefTelemetry> Shared = new(() => new RagPrefTelemetry(new Meter(Name, Version)));

    private RagPrefTelemetry(Meter meter)
    {
        Meter = meter;
        EmbedDuration = meter.CreateHistogram<double>("mcip.ragpref.embed.duration", "s", "Time to embed the windows of one request.");
        SearchDuration = meter.CreateHistogram<double>("mcip.ragpref.search.duration", "s", "Time to search the store for the windows of one request.");
        GuardDuration = meter.CreateHistogram<double>("mcip.ragpref.guard.duration", "s", "Time to screen one request, end to end.");
        Verdicts = meter.CreateCounter<long>("mcip.ragpref.guard.verdicts", "{request}", "Requests screened, by surface and verdict.");
    }

    /// <summary>The library version the source and meter report.</summary>
    public static string Version { get; } =
        typeof(RagPrefTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>Embedding latency per request (all windows).</summary>
    public Histogram<double> EmbedDuration { get; }

    /// <summary>Search latency per request (all windows).</summary>
    public Histogram<double> SearchDuration { get; }

    /// <summary>Guard latency per request.</summary>
    public Histogram<double> GuardDuration { get; }

    /// <summary>Verdicts by surface.</summary>
    public Counter<long> Verdicts { get; }

    /// <summary>The telemetry of a meter from <paramref name="factory"/>, or the process-wide one when it is <see langword="null"/>.</summary>
    /// <param name="factory">The host's meter factory, or <see langword="null"/>.</param>
    /// <returns>The telemetry.</returns>
    public static RagPrefTelemetry For(IMeterFactory? factory) =>
        factory is null ? Shared.Value : ByFactory.GetValue(factory, static f => new RagPrefTelemetry(f.Create(new MeterOptions(Name) { Version = Version })));

    /// <summary>Records one completed guard call.</summary>
    /// <param name="surface">The surface's wire name (for example <c>tool_call</c>).</param>
    /// <param name="verdict">The verdict's wire name (for example <c>block</c>).</param>
    /// <param name="embed">Time spent embedding.</param>
    /// <param name="search">Time spent searching.</param>
    /// <param name="total">The whole call.</param>
    public void Record(string surface, string verdict, TimeSpan embed, TimeSpan search, TimeSpan total)
    {
        var surfaceTag = new KeyValuePair<string, object?>(SurfaceTag, surface);
        var verdictTag = new KeyValuePair<string, object?>(VerdictTag, verdict);
        EmbedDuration.Record(embed.TotalSeconds, surfaceTag);
        SearchDuration.Record(search.TotalSeconds, surfaceTag);
        GuardDuration.Record(total.TotalSeconds, surfaceTag, verdictTag);
        Verdicts.Add(1, surfaceTag, verdictTag);
    }
}
