using System.CommandLine;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Scoring;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Guarding;

/// <summary>The options every guard command shares (<c>--store</c>, <c>--model</c>, <c>--scoring</c>, <c>--hubness</c>, <c>--temperature</c>...) and opening the guard they name.</summary>
internal sealed class CliGuards
{
    public Option<string?> Store { get; } = new("--store", "-s")
    {
        Description = "Store file built by 'ragpref store build' (through canonicalisation). Default: the seed-corpus store for the embedder, built on first use into the cache.",
    };

    public Option<string?> Model { get; } = new("--model", "-m")
    {
        Description = "Embedder: 'default' (the default guard's), 'minilm', 'hybrid' / 'hybrid:W' (all-MiniLM-L6-v2 + hashed n-grams at share W), 'hashed', or a BERT-family model folder.",
    };

    public Option<string> Scoring { get; } = new("--scoring")
    {
        Description = "Scoring rule: softknn (default) or research (margin of mean top-k similarities).",
        DefaultValueFactory = _ => "softknn",
    };

    public Option<bool> Hubness { get; } = new("--hubness") { Description = "Subtract each stored example's hub score from its similarities (the default: GuardOptions.HubnessCorrection)." };

    public Option<bool> NoHubness { get; } = new("--no-hubness") { Description = "Turn hubness correction off." };

    public Option<float?> Temperature { get; } = new("--temperature") { Description = "Soft-kNN temperature in cosine units (default: GuardOptions.Temperature)." };

    public Option<int?> Neighbours { get; } = new("--scoring-neighbours") { Description = "Neighbours per label that soft kNN weighs (default: GuardOptions.ScoringNeighbours)." };

    public Option<double?> FlagFpr { get; } = new("--flag-fpr") { Description = "Target false-positive rate of the fitted Flag threshold on the store's benign examples (default: GuardOptions.DefaultFlagFalsePositiveRate)." };

    public Option<double?> BlockFpr { get; } = new("--block-fpr") { Description = "Target false-positive rate of the fitted Block threshold (default: GuardOptions.DefaultBlockFalsePositiveRate)." };

    public Option<bool> NoUnits { get; } = new("--no-units") { Description = "Score whole texts (windows) only, not their intent units (GuardOptions.ScoreUnits off)." };

    public Option<float?> RelevanceFloor { get; } = new("--relevance-floor") { Description = "Least similarity of an example shown to the model (default: GuardOptions.RelevanceFloor)." };

    public void AddTo(Command command)
    {
        command.Options.Add(NoUnits);
        command.Options.Add(RelevanceFloor);
        command.Options.Add(Store);
        command.Options.Add(Model);
        command.Options.Add(Scoring);
        command.Options.Add(Hubness);
        command.Options.Add(NoHubness);
        command.Options.Add(Temperature);
        command.Options.Add(Neighbours);
        command.Options.Add(FlagFpr);
        command.Options.Add(BlockFpr);
    }

    public GuardOptions ReadOptions(ParseResult parse)
    {
        string scoring = parse.GetValue(Scoring) ?? "softknn";
        GuardScoring method = scoring.ToLowerInvariant() switch
        {
            "softknn" or "soft-knn" => GuardScoring.SoftKnn,
            "research" or "margin" or "research-margin" => GuardScoring.ResearchMargin,
            _ => throw new CliUsageException($"--scoring '{scoring}' is not a scoring rule; use 'softknn' or 'research'."),
        };
        var options = new GuardOptions { Scoring = method };
        if (parse.GetValue(NoUnits))
        {
            options.ScoreUnits = false;
        }

        if (parse.GetValue(RelevanceFloor) is float floor)
        {
            options.RelevanceFloor = floor;
        }

        if (parse.GetValue(Hubness) && parse.GetValue(NoHubness))
        {
            throw new CliUsageException("--hubness and --no-hubness contradict each other; pass at most one.");
        }

        if (parse.GetValue(Hubness) || parse.GetValue(NoHubness))
        {
            options.HubnessCorrection = parse.GetValue(Hubness);
        }

        if (parse.GetValue(Temperature) is float temperature)
        {
            options.Temperature = temperature;
        }

        if (parse.GetValue(Neighbours) is int neighbours)
        {
            options.ScoringNeighbours = neighbours;
        }

        if (parse.GetValue(FlagFpr) is double flag)
        {
            options.DefaultFlagFalsePositiveRate = flag;
        }

        if (parse.GetValue(BlockFpr) is double block)
        {
            options.DefaultBlockFalsePositiveRate = block;
        }

        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new CliUsageException("invalid option value: " + NameOptions(string.Join(" ", problems)));
        }

        return options;
    }

    /// <summary>Writes the options' names for the guard settings they set, so a range message names what to change on the command line.</summary>
    private static string NameOptions(string message)
    {
        (string Property, string Option)[] names =
        [
            ("DefaultFlagFalsePositiveRate", "--flag-fpr"),
            ("DefaultBlockFalsePositiveRate", "--block-fpr"),
            ("ScoringNeighbours", "--scoring-neighbours"),
            ("RelevanceFloor", "--relevance-floor"),
            ("Temperature", "--temperature"),
        ];
        foreach ((string property, string option) in names)
        {
            message = message.Replace(property, option, StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>Opens the embedder <c>--model</c> names behind canonicalisation; the caller disposes it.</summary>
    public CanonicalizingEmbeddingGenerator OpenEmbedder(ParseResult parse, GuardOptions options) =>
        CliEmbedders.OpenCanonical(parse.GetValue(Model), options.Canonicalization);

    /// <summary>
    /// Opens the embedder and store the options name and creates a guard that owns both; <paramref name="progress"/>
    /// hears of the embedding when the default store is built (the first time on a machine).
    /// </summary>
    public Task<RagPrefGuard> OpenAsync(ParseResult parse, GuardOptions options, CancellationToken cancellationToken, IProgress<StoreBuildProgress>? progress = null) =>
        RagPrefGuard.CreateOwningAsync(OpenEmbedder(parse, options), parse.GetValue(Store), options, progress, cancellationToken);
}
