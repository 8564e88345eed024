using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Cli.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// Starts the guard service in-process on a free loopback port and times sequential <c>POST /v1/guard</c> requests
/// through <see cref="HttpClient"/>, next to the guard's own time reported in each response.
/// </summary>
internal static class HttpBenchmark
{
    public static async Task<HttpBenchmarkResult> RunAsync(Action<IServiceCollection> addGuard, int requests, int warmup, int concurrency, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addGuard);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requests);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        GuardServer server = await GuardServer.StartAsync(
            new GuardServerSettings("http://127.0.0.1:0", GuardServerSettings.DefaultMaxBodyBytes) { LogVerdicts = false },
            addGuard,
            log,
            cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            // No proxy: the numbers are for loopback, whatever HTTP_PROXY says.
            using var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = concurrency };
            using var client = new HttpClient(handler) { BaseAddress = server.Addresses[0] };
            byte[][] bodies = HttpBenchmarkRequests.Utf8Bodies();
            for (int i = 0; i < warmup; i++)
            {
                await SendAsync(client, bodies[i % bodies.Length], cancellationToken).ConfigureAwait(false);
            }

            var http = new double[requests];
            var own = new double[requests];
            var overhead = new double[requests];
            int next = -1;
            long start = Stopwatch.GetTimestamp();

            // Each client sends its next request as soon as its previous one is answered; with one client the
            // requests are strictly sequential.
            var clients = new Task[concurrency];
            for (int c = 0; c < clients.Length; c++)
            {
                clients[c] = Task.Run(
                    async () =>
                    {
                        for (int i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
                        {
                            long t0 = Stopwatch.GetTimestamp();
                            byte[] response = await SendAsync(client, bodies[i % bodies.Length], cancellationToken).ConfigureAwait(false);
                            http[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                            own[i] = GuardMilliseconds(response);
                            overhead[i] = http[i] - own[i];
                        }
                    },
                    cancellationToken);
            }

            await Task.WhenAll(clients).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return new HttpBenchmarkResult(
                requests,
                warmup,
                concurrency,
                LatencyPercentiles.Compute(http),
                LatencyPercentiles.Compute(own),
                LatencyPercentiles.Compute(overhead),
                requests / seconds);
        }
    }

    private static async Task<byte[]> SendAsync(HttpClient client, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await client.PostAsync(GuardEndpoint.Route, content, cancellationToken).ConfigureAwait(false);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RagPrefException($"The guard service answered {(int)response.StatusCode} to a benchmark request: {System.Text.Encoding.UTF8.GetString(bytes)}");
        }

        return bytes;
    }

    private static double GuardMilliseconds(byte[] response)
    {
        using JsonDocument doc = JsonDocument.Parse(response);
        return doc.RootElement.GetProperty("timings_ms").GetProperty("total").GetDouble();
    }
}
