using System.CommandLine;
using System.Globalization;
using System.Text;
using Mcip.RagPref.Cli.JsonLines;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref bench</c>: quick in-process measurements. <c>bench search</c> times the vector index on seeded random
/// unit vectors, <c>bench http</c> the guard service on loopback (for rigorous numbers use the BenchmarkDotNet project).
/// </summary>
internal static class BenchCommand
{
    /// <summary>Creates the <c>bench</c> command with its sub-commands.</summary>
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var bench = new Command("bench", "Measure components: the vector index on synthetic data (search), the guard service on loopback (http).");
        bench.Subcommands.Add(CreateSearch(console));
        bench.Subcommands.Add(BenchHttpCommand.Create(console));
        return bench;
    }

    private static Command CreateSearch(CliConsole console)
    {
        var rows = new Option<int>("--n") { Description = "Vectors in the index.", DefaultValueFactory = _ => 100_000 };
        var dims = new Option<int>("--dim") { Description = "Vector dimensions.", DefaultValueFactory = _ => 512 };
        var k = new Option<int>("--k") { Description = "Neighbours per label (2 labels).", DefaultValueFactory = _ => 10 };
        var queries = new Option<int>("--queries") { Description = "Timed queries.", DefaultValueFactory = _ => 200 };
        var batch = new Option<int>("--batch") { Description = "Queries per call (more than 1 uses batched search).", DefaultValueFactory = _ => 1 };
        var quantization = new Option<string>("--quantization")
        {
            Description = "Scan mode: none (exact), int8 (per-vector scale), int8-dim (per-dimension scale) or binary; quantised modes rescore exactly.",
            DefaultValueFactory = _ => "none",
        };
        quantization.AcceptOnlyFromAmong("none", "int8", "int8-dim", "binary");
        var multiplier = new Option<int>("--multiplier")
        {
            Description = "Candidates per label kept by quantised scans, as a multiple of k.",
            DefaultValueFactory = _ => VectorIndexOptions.Default.CandidateMultiplier,
        };
        var threads = new Option<int>("--threads") { Description = "Threads per search (partitioned scan).", DefaultValueFactory = _ => 1 };
        var clustered = new Option<bool>("--clustered") { Description = "Clustered vectors (about 100 per cluster) instead of uniform ones." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (ms_per_query, qps, gb_per_s, recall_at_k, ...)." };

        var search = new Command(
            "search",
            "Build a seeded random unit-vector index and print ms per query, queries per second, effective GB/s (float32 matrix bytes per query x qps) and recall@k against exact search.")
        {
            rows, dims, k, queries, batch, quantization, multiplier, threads, clustered, seed, json,
        };
        search.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new SearchBenchmarkSettings(
                Positive(parse.GetValue(rows), "--n"),
                Positive(parse.GetValue(dims), "--dim"),
                Positive(parse.GetValue(k), "--k"),
                Positive(parse.GetValue(queries), "--queries"),
                Positive(parse.GetValue(batch), "--batch"),
                ParseQuantization(parse.GetValue(quantization)),
                Positive(parse.GetValue(multiplier), "--multiplier"),
                Positive(parse.GetValue(threads), "--threads"),
                parse.GetValue(clustered),
                parse.GetValue(seed));
            SearchBenchmarkResult result = await Task.Run(() => SearchBenchmark.Run(settings, cancellationToken), cancellationToken).ConfigureAwait(false);
            string text = parse.GetValue(json) ? ToJson(settings, result) : ToText(settings, result);
            await console.Out.WriteLineAsync(text).ConfigureAwait(false);
            return 0;
        });
        return search;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new RagPrefException($"{option} must be a positive integer, but it is {value}: pass a value of 1 or more.");

    private static VectorQuantization ParseQuantization(string? value) => value switch
    {
        "int8" => VectorQuantization.Int8,
        "int8-dim" => VectorQuantization.Int8PerDimension,
        "binary" => VectorQuantization.Binary,
        _ => VectorQuantization.None,
    };

    private static string QuantizationName(VectorQuantization value) => value switch
    {
        VectorQuantization.Int8 => "int8",
        VectorQuantization.Int8PerDimension => "int8-dim",
        VectorQuantization.Binary => "binary",
        _ => "none",
    };

    private static string ToText(SearchBenchmarkSettings s, SearchBenchmarkResult r)
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"index: n={s.Rows} dim={s.Dimensions} k={s.K} quantization={QuantizationName(s.Quantization)} threads={s.Threads} batch={s.Batch} data={(s.Clustered ? "clustered" : "uniform")} kernel={r.Kernel}");
        text.AppendLine(c, $"build:        {r.BuildMilliseconds:F1} ms");
        text.AppendLine(c, $"ms per query: {r.MillisecondsPerQuery:F4}");
        text.AppendLine(c, $"queries/s:    {r.QueriesPerSecond:F1}");
        text.AppendLine(c, $"GB/s (eff.):  {r.GigabytesPerSecond:F2}");
        text.Append(c, $"recall@{s.K}:    {r.RecallAtK:F4}");
        return text.ToString();
    }

    private static string ToJson(SearchBenchmarkSettings s, SearchBenchmarkResult r)
    {
        return JsonText.Object(writer =>
        {
            writer.WriteNumber("n", s.Rows);
            writer.WriteNumber("dim", s.Dimensions);
            writer.WriteNumber("k", s.K);
            writer.WriteNumber("queries", s.Queries);
            writer.WriteNumber("batch", s.Batch);
            writer.WriteString("quantization", QuantizationName(s.Quantization));
            writer.WriteNumber("threads", s.Threads);
            writer.WriteString("data", s.Clustered ? "clustered" : "uniform");
            writer.WriteString("kernel", r.Kernel);
            writer.WriteNumber("build_ms", Math.Round(r.BuildMilliseconds, 3));
            writer.WriteNumber("ms_per_query", Math.Round(r.MillisecondsPerQuery, 5));
            writer.WriteNumber("qps", Math.Round(r.QueriesPerSecond, 2));
            writer.WriteNumber("gb_per_s", Math.Round(r.GigabytesPerSecond, 3));
            writer.WriteNumber("recall_at_k", Math.Round(r.RecallAtK, 5));
        });
    }
}
