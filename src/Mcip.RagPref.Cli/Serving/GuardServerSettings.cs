namespace Mcip.RagPref.Cli.Serving;

/// <summary>How the guard service listens.</summary>
/// <param name="Urls">The addresses to listen on, separated by ';' (port 0 picks a free port).</param>
/// <param name="MaxBodyBytes">The largest request body accepted; larger ones get 413.</param>
internal sealed record GuardServerSettings(string Urls, long MaxBodyBytes)
{
    /// <summary>The default address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5088";

    /// <summary>The default body limit: 1 MiB.</summary>
    public const long DefaultMaxBodyBytes = 1 << 20;

    /// <summary>
    /// Whether the guard's per-request log lines (a flagged or blocked request) are written. Default <see langword="true"/>;
    /// <c>ragpref bench http</c> turns them off so that timing runs do not write a line per request (errors still show).
    /// </summary>
    public bool LogVerdicts { get; init; } = true;

    /// <summary>
    /// The key every request but <c>GET /healthz</c> must carry (<c>X-Api-Key: KEY</c> or <c>Authorization: Bearer KEY</c>),
    /// or <see langword="null"/> (the default) for no authentication. Requests without it get 401.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// The slowest a request body may arrive, in bytes per second, once <see cref="BodyGracePeriod"/> has passed; a slower
    /// body gets 408 and the connection is closed. Default 240 (Kestrel's own default, made explicit).
    /// </summary>
    public double MinBodyBytesPerSecond { get; init; } = 240;

    /// <summary>How long a request body may arrive slower than <see cref="MinBodyBytesPerSecond"/> before it gets 408. Default 5 seconds; more than 1 second (Kestrel's own lower bound).</summary>
    public TimeSpan BodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
