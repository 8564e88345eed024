using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.JsonLines;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Cli.Evaluation;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Scoring;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref eval --data FILE [--data FILE...] [--store STORE] [--in-domain [--plus-seed]] [--group-by file|surface|category|all] [--json] [--scores OUT.jsonl] [--report OUT.html]</c>:
/// screens every labelled item and reports, per file (or per surface, per category, or for all items pooled), AUROC,
/// TPR at 1% and 5% FPR, contrast accuracy, FPR/TPR at the Flag and Block thresholds, per-category recall and
/// latency percentiles. Progress (items scored) goes to standard error, so standard output stays data only. The HTML
/// report also names the run (time, library version, embedder, store, command line) and lists the top misses per surface.
/// </summary>
internal static partial class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var guards = new CliGuards();
        var data = new Option<string[]>("--data", "-d") { Description = "Labelled JSON Lines file (text, label; optional id, category, split, surface, tool, arguments). Repeatable.", Required = true, AllowMultipleArgumentsPerToken = false };
        var inDomain = new Option<bool>("--in-domain") { Description = "Per file: build the store from its non-test split and score its test split (instead of the default store)." };
        var plusSeed = new Option<bool>("--plus-seed") { Description = "With --in-domain: add the seed corpus to each file's store split." };
        var groupBy = new Option<string>("--group-by")
        {
            Description = "One summary row per file (default), or pool the items of all files into one row per surface, per category, or one for all.",
            DefaultValueFactory = _ => "file",
        };
        groupBy.AcceptOnlyFromAmong(GroupByNames);
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object per row (group, attacks, benign, auroc, tpr_at_1, tpr_at_5, contrast, flag_fpr, flag_tpr, block_fpr, block_tpr, p50_ms, p99_ms; null where undefined)." };
        var scores = new Option<string?>("--scores") { Description = "Write one JSON line per item (id, label, attack_score, benign_score, margin, score, verdict, neighbours)." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report: run details (time, version, embedder, store, inputs), one section per summary row (ROC curve, score histogram), and the top misses per surface." };
        var command = new Command("eval", "Evaluate the guard on labelled data: AUROC, TPR at 1%/5% FPR, contrast accuracy, verdict rates, latency.") { data, inDomain, plusSeed, groupBy, json, scores, report };
        guards.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            GuardOptions options = guards.ReadOptions(parse);
            GroupBy by = ParseGroupBy(parse.GetValue(groupBy));
            bool asJson = parse.GetValue(json);
            string method = MethodName(options, parse.GetValue(inDomain), parse.GetValue(plusSeed));
            var evaluation = new EvaluationReport("Mcip.RagPref guard evaluation")
            {
                Description = by == GroupBy.File ? $"Method: {method}." : $"Method: {method}. Items of all files pooled {(by == GroupBy.All ? "into one group" : $"by {GroupColumn(by)}")}.",
            };
            string[] dataFiles = parse.GetValue(data) ?? [];
            bool reporting = parse.GetValue(report) is not null;
            if (reporting)
            {
                DescribeRun(evaluation, parse, dataFiles);
            }

            CliOutput? scoreOutput = parse.GetValue(scores) is string scorePath ? CliStreams.OpenOutput(scorePath, console) : null;
            using var scoreWriter = scoreOutput is null ? null : new JsonLineWriter(scoreOutput.Writer);
            using var jsonRows = asJson ? new JsonLineWriter(console.Out) : null;
            try
            {
                if (!asJson)
                {
                    await console.Out.WriteLineAsync(Summary.Header(by)).ConfigureAwait(false);
                }

                var categories = new System.Text.StringBuilder();
                async Task PrintAsync(IReadOnlyList<EvalRecord> records)
                {
                    foreach (EvalGroup group in Measure(records, by, method))
                    {
                        evaluation.Add(group.Section);
                        if (jsonRows is not null)
                        {
                            await Summary.WriteJsonAsync(jsonRows, group, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            await console.Out.WriteLineAsync(Summary.Row(group)).ConfigureAwait(false);
                            if (Summary.FlowRow(group) is { } flowRow)
                            {
                                await console.Out.WriteLineAsync(flowRow).ConfigureAwait(false);
                            }

                            if (by != GroupBy.Category)
                            {
                                Summary.AppendCategories(categories, group);
                            }
                        }
                    }
                }

                var pool = new List<EvalRecord>();
                foreach (string file in dataFiles)
                {
                    List<LabelledItem> items = LabelledItem.ReadFile(file);
                    string name = Path.GetFileNameWithoutExtension(file);
                    using RagPrefGuard? guard = await OpenGuardAsync(guards, parse, options, parse.GetValue(inDomain), parse.GetValue(plusSeed), items, name, console, cancellationToken).ConfigureAwait(false);
                    if (guard is null)
                    {
                        continue;
                    }

                    List<LabelledItem> queries = parse.GetValue(inDomain) ? [.. items.Where(i => IsTest(i.Split))] : items;
                    if (reporting)
                    {
                        await DescribeGuardAsync(evaluation, guard, parse.GetValue(guards.Model), parse.GetValue(guards.Store), parse.GetValue(inDomain) ? name : null, parse.GetValue(plusSeed), cancellationToken).ConfigureAwait(false);
                    }

                    List<EvalRecord> records = await EvaluateAsync(guard, queries, name, console, scoreWriter, reporting ? evaluation : null, cancellationToken).ConfigureAwait(false);
                    if (by == GroupBy.File)
                    {
                        await PrintAsync(records).ConfigureAwait(false);
                    }
                    else
                    {
                        pool.AddRange(records);
                    }
                }

                if (pool.Count > 0)
                {
                    await PrintAsync(pool).ConfigureAwait(false);
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
            // Reports only when the default store is built (the first time on a machine).
            var building = new ConsoleProgress(console, "default store", "texts embedded");
            try
            {
                return await guards.OpenAsync(parse, options, cancellationToken, building).ConfigureAwait(false);
            }
            finally
            {
                building.Finish();
            }
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
                inputs = inputs.Concat(ExampleInput.ReadSeedCorpus());
            }

            var progress = new ConsoleProgress(console, $"{name}: store split", "texts embedded");
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

    private static async Task<List<EvalRecord>> EvaluateAsync(
        RagPrefGuard guard, List<LabelledItem> items, string name, CliConsole console, JsonLineWriter? scores, EvaluationReport? misses, CancellationToken cancellationToken)
    {
        var records = new List<EvalRecord>(items.Count);
        var progress = new ConsoleProgress(console, name, "items scored");
        for (int i = 0; i < items.Count; i++)
        {
            LabelledItem item = items[i];
            long start = Stopwatch.GetTimestamp();
            GuardResult result = await guard.GuardAsync(item.Request, cancellationToken).ConfigureAwait(false);
            double latency = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            records.Add(new EvalRecord(
                name, item.Request.Surface, item.Category, item.IsAttack, result.Score, result.Margin, result.Verdict, result.Policy, latency, result.RetrievalVerdict, item.Request.Context.Count > 0));
            if (scores is not null)
            {
                await WriteScoreAsync(scores, name, item, result, cancellationToken).ConfigureAwait(false);
            }

            misses?.OfferMiss(new EvaluatedItem(item.Request.Surface, item.Id, item.Request.RenderedText, item.IsAttack, result.Score, result.Verdict) { DataSet = name });

            progress.Report(new StoreBuildProgress(i + 1, items.Count));
        }

        progress.Finish();
        return records;
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
        json.WriteString("retrieval_verdict", result.RetrievalVerdict.ToString().ToLowerInvariant());
        if (result.Flow is { Findings.Count: > 0 } flow)
        {
            json.WriteStartArray("flow_findings");
            foreach (FlowFinding finding in flow.Findings)
            {
                json.WriteStartObject();
                json.WriteString("rule", finding.Rule);
                json.WriteString("value", finding.Value.Value);
                json.WriteString("kind", finding.Value.Kind.ToString());
                json.WriteString("source_tool", finding.Value.SourceTool);
                json.WriteNumber("passage_score", finding.PassageScore);
                json.WriteString("passage", finding.Passage);
                json.WriteString("explanation", finding.Explanation);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        return scores.EndLineAsync(cancellationToken);
    }
}
