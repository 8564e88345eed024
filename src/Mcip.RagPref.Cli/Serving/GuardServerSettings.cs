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
}
