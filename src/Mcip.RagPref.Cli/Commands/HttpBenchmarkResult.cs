using Mcip.RagPref.Cli.Evaluation;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>What <c>ragpref bench http</c> measured, in milliseconds per request.</summary>
/// <param name="Requests">Timed requests.</param>
/// <param name="Warmup">Untimed warm-up requests sent first.</param>
/// <param name="Concurrency">Clients sending at once (1: sequential).</param>
/// <param name="Http">Client-observed latency: send the request, read the whole response.</param>
/// <param name="Guard">The guard's own time (<c>timings_ms.total</c> of each response).</param>
/// <param name="Overhead">Per request, HTTP latency minus the guard's time: what the service adds.</param>
/// <param name="RequestsPerSecond">Timed requests divided by the wall time they took.</param>
internal sealed record HttpBenchmarkResult(int Requests, int Warmup, int Concurrency, LatencyPercentiles Http, LatencyPercentiles Guard, LatencyPercentiles Overhead, double RequestsPerSecond);
