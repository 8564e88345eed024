using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.JsonLines;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Cli.Evaluation;
using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref bench http [--requests N] [--warmup N] [--json] [--store STORE] [--model M]</c>: the guard service's
/// latency on loopback, next to the guard's own time, so the HTTP overhead is visible.
/// </summary>
internal static class BenchHttpCommand
{
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var guards = new CliGuards();
        var requests = new Option<int>("--requests") { Description = "Timed requests.", DefaultValueFactory = _ => 1000 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed requests sent first.", DefaultValueFactory = _ => 50 };
        var concurrency = new Option<int>("--concurrency") { Description = "Clients sending at once (1: strictly sequential requests).", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (http_ms, guard_ms, overhead_ms percentiles, requests_per_second)." };
        var command = new Command(
            "http",
            "Start the guard service in-process on a free loopback port and time sequential POST /v1/guard requests (a mix of the four surfaces): "
            + "p50/p90/p99/max of the HTTP latency, of the guard's own time and of their difference.")
        {
            requests, warmup, concurrency, json,
        };
        guards.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            int n = parse.GetValue(requests);
            int w = parse.GetValue(warmup);
            int clients = parse.GetValue(concurrency);
            if (n <= 0 || w < 0 || clients <= 0)
            {
                throw new CliUsageException($"--requests and --concurrency must be positive and --warmup not negative, but they are {n}, {clients} and {w}.");
            }

            GuardOptions options = guards.ReadOptions(parse);
            string? store = parse.GetValue(guards.Store);
            HttpBenchmarkResult result = await HttpBenchmark.RunAsync(
                services => ServeServices.AddGuard(services, store, options, TimeSpan.FromSeconds(5), () => guards.OpenEmbedder(parse, options)),
                n,
                w,
                clients,
                console.Error,
                cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(parse.GetValue(json) ? ToJson(result) : ToText(result)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string ToText(HttpBenchmarkResult r)
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        string what = r.Concurrency == 1 ? "sequential POST /v1/guard" : $"POST /v1/guard from {r.Concurrency} concurrent clients";
        text.AppendLine(c, $"{r.Requests} {what} on loopback after {r.Warmup} warm-up requests ({r.RequestsPerSecond:F0} requests/s)");
        text.AppendLine("ms             p50      p90      p99      max     mean");
        Row(text, "http", r.Http);
        Row(text, "guard", r.Guard);
        Row(text, "overhead", r.Overhead);
        return text.ToString().TrimEnd();
    }

    private static void Row(StringBuilder text, string name, LatencyPercentiles p) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"{name,-10} {p.P50,8:F3} {p.P90,8:F3} {p.P99,8:F3} {p.Max,8:F3} {p.Mean,8:F3}");

    private static string ToJson(HttpBenchmarkResult r)
    {
        return JsonText.Object(writer =>
        {
            writer.WriteNumber("requests", r.Requests);
            writer.WriteNumber("warmup", r.Warmup);
            writer.WriteNumber("concurrency", r.Concurrency);
            writer.WriteNumber("requests_per_second", Math.Round(r.RequestsPerSecond, 1));
            Write(writer, "http_ms", r.Http);
            Write(writer, "guard_ms", r.Guard);
            Write(writer, "overhead_ms", r.Overhead);
        });
    }

    private static void Write(Utf8JsonWriter writer, string name, LatencyPercentiles p)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("p50", Math.Round(p.P50, 4));
        writer.WriteNumber("p90", Math.Round(p.P90, 4));
        writer.WriteNumber("p99", Math.Round(p.P99, 4));
        writer.WriteNumber("max", Math.Round(p.Max, 4));
        writer.WriteNumber("mean", Math.Round(p.Mean, 4));
        writer.WriteEndObject();
    }
}
