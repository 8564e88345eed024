using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Support.Index;

/// <summary>
/// The index search measurement: builds a seeded random unit-vector index (internal to the library) and prints ms per
/// query, queries per second, effective GB/s and recall@k against exact search. Run it with
/// <c>dotnet run -c Release --project benchmarks/Mcip.RagPref.Benchmarks -- search [options]</c>; the tests run it in
/// process. For rigorous numbers use the BenchmarkDotNet suites of the same project.
/// </summary>
public static class SearchBenchmarkCommand
{
    /// <summary>Parses <paramref name="args"/> (the options after <c>search</c>) and runs the measurement.</summary>
    /// <returns>0 on success; 1 with the reason on <paramref name="error"/> when an option is invalid.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ParseResult parse = Create(output).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message).ConfigureAwait(false);
            }

            return 1;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (RagPrefException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Creates the <c>search</c> command; it prints its report to <paramref name="output"/>.</summary>
    public static Command Create(TextWriter output)
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
            await output.WriteLineAsync(text).ConfigureAwait(false);
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
        return Json(writer =>
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

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
