using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref store</c>: build example stores from JSON Lines, CSV or preference-pair files, show what a
/// store holds, add or remove examples in place, and push or pull a store to or from the PostgreSQL database that
/// replicas share.
/// </summary>
internal static partial class StoreCommand
{
    /// <summary>How many skipped inputs are listed one by one before the rest is only counted.</summary>
    private const int ListedSkips = 20;

    /// <summary>Creates the <c>store</c> command.</summary>
    /// <param name="console">The streams to use.</param>
    /// <param name="openEmbedder">Opens the embedder for a <c>--model</c> value (<see langword="null"/> = the default embedder).</param>
    public static Command Create(CliConsole console, Func<string?, IEmbeddingGenerator<string, Embedding<float>>> openEmbedder)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(openEmbedder);
        var store = new Command("store", "Build, inspect and change labelled example stores (benign / attack); push them to or pull them from PostgreSQL.");
        store.Subcommands.Add(CreateBuild(console, openEmbedder));
        store.Subcommands.Add(CreateInfo(console));
        store.Subcommands.Add(CreateAdd(console, openEmbedder));
        store.Subcommands.Add(CreateRemove(console));
        store.Subcommands.Add(CreatePush(console));
        store.Subcommands.Add(CreatePull(console));
        return store;
    }

    private static Option<string[]> InputOption() => new("--input", "-i")
    {
        Description = "An example file: .jsonl (examples or preference pairs) or .csv. Repeat for several files.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
    };

    private static Option<string?> ModelOption() => new("--model")
    {
        Description = "The embedder: 'default' (the default guard's: all-MiniLM-L6-v2 + hashed n-grams), 'minilm', 'hybrid[:W]', 'hashed', or a BERT-family model folder (model.onnx + vocab.txt).",
    };

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format")
        {
            Description = "Input format: auto (by extension; JSON rows with 'chosen' are preference pairs), jsonl, csv or pairs.",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong("auto", "jsonl", "csv", "pairs");
        return format;
    }

    private static Option<string> RefusalOption() => new("--refusal")
    {
        Description = "For preference pairs: the last chosen message that marks an attack.",
        DefaultValueFactory = _ => ExampleReadOptions.DefaultRefusalText,
    };

    private static Option<int> BatchOption() => new("--batch")
    {
        Description = "Texts per embedding call.",
        DefaultValueFactory = _ => new ExampleStoreOptions().EmbeddingBatchSize,
    };

    /// <summary>Reads every input file in order, lazily.</summary>
    private static IEnumerable<ExampleInput> ReadInputs(string[] paths, string format, string refusal)
    {
        var options = new ExampleReadOptions
        {
            Format = format switch
            {
                "jsonl" => ExampleFileFormat.JsonLines,
                "csv" => ExampleFileFormat.Csv,
                "pairs" => ExampleFileFormat.PreferencePairs,
                _ => ExampleFileFormat.Auto,
            },
            RefusalText = refusal,
        };
        foreach (string path in paths)
        {
            foreach (ExampleInput input in ExampleInput.ReadFile(path, options))
            {
                yield return input;
            }
        }
    }

    /// <summary>Parses <c>SIZE,OVERLAP</c> or <c>none</c>.</summary>
    private static (int Size, int Overlap) ParseChunk(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value.Trim();
        if (text is "none" or "0")
        {
            return (0, 0);
        }

        string[] parts = text.Split(',');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int size)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int overlap)
            && size >= 2 && overlap < size)
        {
            return (size, overlap);
        }

        result.AddError($"--chunk must be SIZE,OVERLAP with SIZE >= 2 and OVERLAP < SIZE (for example 256,10), or 'none'; got '{text}'.");
        return (0, 0);
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new RagPrefException($"{option} must be a positive integer, but it is {value}: pass 1 or more.");

    /// <summary>Writes the skipped inputs to standard error: the first few one by one, then a count.</summary>
    private static void ReportSkipped(CliConsole console, IReadOnlyList<SkippedInput> skipped)
    {
        for (int i = 0; i < Math.Min(ListedSkips, skipped.Count); i++)
        {
            SkippedInput skip = skipped[i];
            console.Error.WriteLine($"skipped {skip.Origin ?? skip.Id} ({skip.Id}): {skip.Reason}");
        }

        if (skipped.Count > ListedSkips)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"... and {skipped.Count - ListedSkips} more skipped inputs"));
        }
    }

    /// <summary>
    /// Saves an edited store: to <paramref name="output"/> when it is given (always), else back over <paramref name="path"/>
    /// when <paramref name="changed"/>; returns the head of the status line, "updated TARGET" or "unchanged TARGET".
    /// </summary>
    private static string SaveEdited(ExampleStore store, string path, string? output, bool changed)
    {
        string target = output ?? path;
        if (changed || target != path)
        {
            store.Save(target);
        }

        return $"{(changed ? "updated" : "unchanged")} {target}";
    }

    private static string Summary(ExampleStore store) =>
        string.Create(CultureInfo.InvariantCulture, $"{store.Count} rows ({store.AttackCount} attack, {store.BenignCount} benign), embedder {store.Fingerprint}");
}
