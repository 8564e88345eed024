namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>Where the guard's time went, in milliseconds (the <c>timings_ms</c> object of a guard result).</summary>
internal sealed record GuardTimingsBody(double Canonicalize, double Embed, double Search, double Compose, double Total);
