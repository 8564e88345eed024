using System.CommandLine;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Cli.Commands;

/// <content><c>store build</c> and <c>store add</c>.</content>
internal static partial class StoreCommand
{
    private static Command CreateBuild(CliConsole console, Func<string?, IEmbeddingGenerator<string, Embedding<float>>> openEmbedder)
    {
        Option<string[]> inputs = InputOption();
        var output = new Option<string>("--output", "-o") { Description = "The store file to write (replaced atomically).", Required = true };
        var chunk = new Option<(int Size, int Overlap)>("--chunk")
        {
            Description = "Cut texts longer than SIZE characters into windows overlapping by OVERLAP: SIZE,OVERLAP or 'none'.",
            CustomParser = ParseChunk,
            DefaultValueFactory = _ => (ExampleStoreOptions.DefaultChunkSize, ExampleStoreOptions.DefaultChunkOverlap),
        };
        Option<string?> model = ModelOption();
        Option<string> format = FormatOption();
        Option<string> refusal = RefusalOption();
        Option<int> batch = BatchOption();
        var units = new Option<StoreUnits>("--units")
        {
            Description = "Which examples are also stored as their intent units (sentences, lines, tool-call arguments): None, Benign (default) or All.",
            DefaultValueFactory = _ => new ExampleStoreOptions().Units,
        };
        var build = new Command("build", "Embed labelled examples and write a new store file (exact duplicates are removed).")
        {
            inputs, output, chunk, model, format, refusal, batch, units,
        };
        build.SetAction(async (parse, cancellationToken) =>
        {
            (int size, int overlap) = parse.GetValue(chunk);
            var options = new ExampleStoreOptions
            {
                ChunkSize = size,
                ChunkOverlap = overlap,
                EmbeddingBatchSize = Positive(parse.GetValue(batch), "--batch"),
                Units = parse.GetValue(units),
            };
            string path = parse.GetRequiredValue(output);
            using IEmbeddingGenerator<string, Embedding<float>> generator = openEmbedder(parse.GetValue(model));
            using ExampleStore store = ExampleStore.CreateEmpty(EmbedderFingerprint.Of(generator), options);
            IEnumerable<ExampleInput> examples = ReadInputs(parse.GetRequiredValue(inputs), parse.GetRequiredValue(format), parse.GetRequiredValue(refusal));
            StoreAddResult result = await AddWithProgressAsync(console, store, examples, generator, cancellationToken).ConfigureAwait(false);
            if (store.Count == 0)
            {
                throw new RagPrefException("The input files hold no new examples, so no store was written. Check the files (and the skipped lines above).");
            }

            store.Save(path);
            await console.Out.WriteLineAsync($"built {path}: {Summary(store)}; {result.AddedExamples} examples, {result.Skipped.Count} skipped").ConfigureAwait(false);
            return 0;
        });
        return build;
    }

    private static Command CreateAdd(CliConsole console, Func<string?, IEmbeddingGenerator<string, Embedding<float>>> openEmbedder)
    {
        var storePath = new Argument<string>("store") { Description = "The store file to change." };
        Option<string[]> inputs = InputOption();
        var output = new Option<string?>("--output", "-o") { Description = "Write the result here instead of replacing the store file." };
        Option<string?> model = ModelOption();
        Option<string> format = FormatOption();
        Option<string> refusal = RefusalOption();
        Option<int> batch = BatchOption();
        var add = new Command("add", "Embed more examples into an existing store (its chunk settings apply; ids and texts already stored are skipped).")
        {
            storePath, inputs, output, model, format, refusal, batch,
        };
        add.SetAction(async (parse, cancellationToken) =>
        {
            string path = parse.GetRequiredValue(storePath);
            using IEmbeddingGenerator<string, Embedding<float>> generator = openEmbedder(parse.GetValue(model));
            var options = new ExampleStoreOptions { EmbeddingBatchSize = Positive(parse.GetValue(batch), "--batch") };
            using ExampleStore store = ExampleStore.Load(path, EmbedderFingerprint.Of(generator), options);
            IEnumerable<ExampleInput> examples = ReadInputs(parse.GetRequiredValue(inputs), parse.GetRequiredValue(format), parse.GetRequiredValue(refusal));
            StoreAddResult result = await AddWithProgressAsync(console, store, examples, generator, cancellationToken).ConfigureAwait(false);
            string saved = SaveEdited(store, path, parse.GetValue(output), changed: result.AddedRows > 0);
            await console.Out.WriteLineAsync($"{saved}: {Summary(store)}; {result.AddedExamples} examples added, {result.Skipped.Count} skipped").ConfigureAwait(false);
            return 0;
        });
        return add;
    }

    private static async Task<StoreAddResult> AddWithProgressAsync(
        CliConsole console,
        ExampleStore store,
        IEnumerable<ExampleInput> examples,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        CancellationToken cancellationToken)
    {
        var progress = new ConsoleProgress(console, "embedding", "texts embedded");
        StoreAddResult result;
        try
        {
            result = await store.AddAsync(examples, generator, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Finish();
        }

        ReportSkipped(console, result.Skipped);
        return result;
    }
}
