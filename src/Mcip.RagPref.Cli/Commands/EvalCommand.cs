using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.JsonLines;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Evaluation;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref eval --data FILE [--data FILE...] [--store STORE] [--in-domain [--plus-seed]] [--scores OUT.jsonl] [--report OUT.html]</c>:
/// screens every labelled item and reports, per file, AUROC, TPR at 1% and 5% FPR, contrast accuracy, FPR/TPR at
/// the Flag and Block thresholds, per-category recall and latency percentiles.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var guards = new CliGuards();
        var data = new Option<string[]>("--data", "-d") { Description = "Labelled JSON Lines file (text, label; optional id, category, split, surface, tool, arguments). Repeatable.", Required = true, AllowMultipleArgumentsPerToken = false };
        var inDomain = new Option<bool>("--in-domain") { Description = "Per file: build the store from its non-test split and score its test split (instead of the default store)." };
        var plusSeed = new Option<bool>("--plus-seed") { Description = "With --in-domain: add the seed corpus to each file's store split." };
        var scores = new Option<string?>("--scores") { Description = "Write one JSON line per item (id, label, attack_score, benign_score, margin, score, verdict, neighbours)." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report (ROC curves, score histograms)." };
        var command = new Command("eval", "Evaluate the guard on labelled data: AUROC, TPR at 1%/5% FPR, contrast accuracy, verdict rates, latency.") { data, inDomain, plusSeed, scores, report };
        guards.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            GuardOptions options = guards.ReadOptions(parse);
            string method = MethodName(options, parse.GetValue(inDomain), parse.GetValue(plusSeed));
            var evaluation = new EvaluationReport("Mcip.RagPref guard evaluation") { Description = $"Method: {method}." };
            CliOutput? scoreOutput = parse.GetValue(scores) is string scorePath ? CliStreams.OpenOutput(scorePath, console) : null;
            using var scoreWriter = scoreOutput is null ? null : new JsonLineWriter(scoreOutput.Writer);
            try
            {
                await console.Out.WriteLineAsync(Summary.Header).ConfigureAwait(false);
                var categories = new System.Text.StringBuilder();
                foreach (string file in parse.GetValue(data) ?? [])
                {
                    List<LabelledItem> items = LabelledItem.ReadFile(file);
                    string name = Path.GetFileNameWithoutExtension(file);
                    using RagPrefGuard? guard = await OpenGuardAsync(guards, parse, options, parse.GetValue(inDomain), parse.GetValue(plusSeed), items, name, console, cancellationToken).ConfigureAwait(false);
                    if (guard is null)
                    {
                        continue;
                    }

                    List<LabelledItem> queries = parse.GetValue(inDomain) ? [.. items.Where(i => IsTest(i.Split))] : items;
                    EvaluationSection section = await EvaluateAsync(guard, queries, name, method, console, scoreWriter, cancellationToken).ConfigureAwait(false);
                    evaluation.Add(section);
                    await console.Out.WriteLineAsync(Summary.Row(section)).ConfigureAwait(false);
                    Summary.AppendCategories(categories, section);
                }

                await console.Out.WriteAsync(categories.ToString()).ConfigureAwait(false);

                if (scoreOutput is not null)
                {
                    await scoreOutput.CommitAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                if (scoreOutput is not null)
                {
                    await scoreOutput.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (parse.GetValue(report) is string reportPath)
            {
                evaluation.Save(Path.GetFullPath(reportPath));
                await console.Error.WriteLineAsync($"report written to {Path.GetFullPath(reportPath)}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    internal static string MethodName(GuardOptions options, bool inDomain, bool plusSeed = false) =>
        (options.Scoring == GuardScoring.SoftKnn ? "soft-knn" : "research-margin")
        + (options.HubnessCorrection ? "+hubness" : string.Empty)
        + (!inDomain ? " (seed store)" : plusSeed ? " (in-domain + seed store)" : " (in-domain store)");

    private static bool IsTest(string? split) => string.Equals(split, "test", StringComparison.OrdinalIgnoreCase);

    private static async Task<RagPrefGuard?> OpenGuardAsync(
        CliGuards guards, ParseResult parse, GuardOptions options, bool inDomain, bool plusSeed, List<LabelledItem> items, string name, CliConsole console, CancellationToken cancellationToken)
    {
        if (!inDomain)
        {
            return await guards.OpenAsync(parse, options, cancellationToken).ConfigureAwait(false);
        }

        List<LabelledItem> storeItems = [.. items.Where(i => !IsTest(i.Split))];
        if (storeItems.Count == 0 || storeItems.Count == items.Count)
        {
            await console.Error.WriteLineAsync($"{name}: skipped for --in-domain (it needs a 'test' split and another split for the store).").ConfigureAwait(false);
            return null;
        }

        CanonicalizingEmbeddingGenerator embedder = guards.OpenEmbedder(parse, options);
        try
        {
            IEnumerable<ExampleInput> inputs = storeItems.Select(i => new ExampleInput(i.Request.RenderedText, i.IsAttack ? ExampleLabel.Attack : ExampleLabel.Benign) { Id = i.Id, Category = i.Category, Source = name });
            if (plusSeed)
            {
                inputs = inputs.Concat(SeedCorpus.Read());
            }

            var progress = new ConsoleProgress(console, $"{name}: embedding the store split");
            ExampleStore store = await ExampleStore.BuildAsync(inputs, embedder, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            progress.Finish();
            return RagPrefGuard.Create(embedder, store, options, ownsResources: true);
        }
        catch
        {
            embedder.Dispose();
            throw;
        }
    }

    private static async Task<EvaluationSection> EvaluateAsync(
        RagPrefGuard guard, List<LabelledItem> items, string name, string method, CliConsole console, JsonLineWriter? scores, CancellationToken cancellationToken)
    {
        var scored = new ScoredItem[items.Count];
        var margins = new ScoredItem[items.Count];
        var latencies = new double[items.Count];
        var progress = new ConsoleProgress(console, name);
        SurfacePolicy? policy = null;
        for (int i = 0; i < items.Count; i++)
        {
            LabelledItem item = items[i];
            long start = Stopwatch.GetTimestamp();
            GuardResult result = await guard.GuardAsync(item.Request, cancellationToken).ConfigureAwait(false);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            policy ??= result.Policy;
            scored[i] = new ScoredItem(item.IsAttack, result.Score, item.Category);
            margins[i] = new ScoredItem(item.IsAttack, result.Margin, item.Category);
            if (scores is not null)
            {
                await WriteScoreAsync(scores, name, item, result, cancellationToken).ConfigureAwait(false);
            }

            progress.Report(new StoreBuildProgress(i + 1, items.Count));
        }

        progress.Finish();
        return new EvaluationSection
        {
            DataSet = name,
            Method = method,
            Items = scored,
            FlagThreshold = policy?.FlagThreshold,
            BlockThreshold = policy?.BlockThreshold,
            ContrastAccuracy = EvaluationMetrics.ContrastAccuracy(margins),
            LatencyMilliseconds = LatencyPercentiles.Compute(latencies),
        };
    }

    private static ValueTask WriteScoreAsync(JsonLineWriter scores, string dataSet, LabelledItem item, GuardResult result, CancellationToken cancellationToken)
    {
        Utf8JsonWriter json = scores.BeginLine();
        json.WriteStartObject();
        json.WriteString("data", dataSet);
        json.WriteString("id", item.Id);
        json.WriteString("label", item.IsAttack ? "attack" : "benign");
        if (item.Category is not null)
        {
            json.WriteString("category", item.Category);
        }

        json.WritePropertyName("result");
        GuardResultJson.Write(json, result, includeContext: false);
        json.WriteNumber("attack_score", result.AttackScore);
        json.WriteNumber("benign_score", result.BenignScore);
        json.WriteNumber("margin", result.Margin);
        json.WriteNumber("score", result.Score);
        json.WriteString("verdict", result.Verdict.ToString().ToLowerInvariant());
        json.WriteEndObject();
        return scores.EndLineAsync(cancellationToken);
    }

    /// <summary>The plain-text summary table printed while evaluating.</summary>
    private static class Summary
    {
        public const string Header = "data                      n(att/ben)   AUROC  TPR@1%  TPR@5%  contrast  flag FPR/TPR   block FPR/TPR  p50 ms  p99 ms";

        public static string Row(EvaluationSection s)
        {
            ReadOnlySpan<ScoredItem> items = s.Items.Span;
            ConfusionCounts flag = EvaluationMetrics.CountAt(items, s.FlagThreshold ?? double.PositiveInfinity);
            ConfusionCounts block = EvaluationMetrics.CountAt(items, s.BlockThreshold ?? double.PositiveInfinity);
            (double auroc, double tpr1, double tpr5) = (double.NaN, double.NaN, double.NaN);
            if (flag.Attacks > 0 && flag.Benign > 0)
            {
                BinaryClassificationMetrics m = BinaryClassificationMetrics.Compute(items);
                (auroc, tpr1, tpr5) = (m.Auroc, m.AtOnePercentFalsePositives.TruePositiveRate, m.AtFivePercentFalsePositives.TruePositiveRate);
            }

            LatencyPercentiles lat = s.LatencyMilliseconds ?? default;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{s.DataSet,-25} {flag.Attacks,4}/{flag.Benign,-4}   {Fmt(auroc),5}  {Fmt(tpr1),6}  {Fmt(tpr5),6}  {Fmt(s.ContrastAccuracy ?? double.NaN),8}  {Fmt(flag.FalsePositiveRate)}/{Fmt(flag.TruePositiveRate),-6}  {Fmt(block.FalsePositiveRate)}/{Fmt(block.TruePositiveRate),-6}  {lat.P50,6:F1}  {lat.P99,6:F1}");
        }

        /// <summary>Appends, per category, the share flagged at the Flag threshold: recall for attacks, false positives for benign.</summary>
        public static void AppendCategories(System.Text.StringBuilder text, EvaluationSection s)
        {
            if (s.FlagThreshold is not double flag)
            {
                return;
            }

            text.Append(CultureInfo.InvariantCulture, $"\n{s.DataSet}: flagged share per category at the Flag threshold ({flag:F4})\n");
            foreach (CategoryRate rate in EvaluationMetrics.RatesByCategory(s.Items.Span, flag))
            {
                string kind = rate.IsAttack ? "attack recall" : "benign FPR";
                text.Append(CultureInfo.InvariantCulture, $"  {kind,-13} {Fmt(rate.Rate)}  ({rate.Flagged}/{rate.Count})  {rate.Category}\n");
            }
        }

        private static string Fmt(double value) => double.IsNaN(value) ? "  -  " : value.ToString("0.000", CultureInfo.InvariantCulture);
    }
}
