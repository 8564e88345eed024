using System.CommandLine;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Cli.Guarding;

/// <summary>The options every guard command shares (<c>--store</c>, <c>--model</c>, <c>--scoring</c>, <c>--hubness</c>) and opening the guard they name.</summary>
internal sealed class CliGuards
{
    public Option<string?> Store { get; } = new("--store", "-s")
    {
        Description = "Store file built by 'ragpref store build' (through canonicalisation). Default: the seed-corpus store for the embedder, built on first use into the cache.",
    };

    public Option<string?> Model { get; } = new("--model", "-m")
    {
        Description = "Embedder: a BERT-family model folder, or 'use-lite' (default).",
    };

    public Option<string> Scoring { get; } = new("--scoring")
    {
        Description = "Scoring rule: softknn (default) or research (margin of mean top-k similarities).",
        DefaultValueFactory = _ => "softknn",
    };

    public Option<bool> Hubness { get; } = new("--hubness") { Description = "Subtract each stored example's hub score from its similarities." };

    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(Model);
        command.Options.Add(Scoring);
        command.Options.Add(Hubness);
    }

    public GuardOptions ReadOptions(ParseResult parse)
    {
        string scoring = parse.GetValue(Scoring) ?? "softknn";
        GuardScoring method = scoring.ToLowerInvariant() switch
        {
            "softknn" or "soft-knn" => GuardScoring.SoftKnn,
            "research" or "margin" or "research-margin" => GuardScoring.ResearchMargin,
            _ => throw new RagPrefException($"--scoring '{scoring}' is not a scoring rule; use 'softknn' or 'research'."),
        };
        return new GuardOptions { Scoring = method, HubnessCorrection = parse.GetValue(Hubness) };
    }

    /// <summary>Opens the embedder <c>--model</c> names behind canonicalisation; the caller disposes it.</summary>
    public CanonicalizingEmbeddingGenerator OpenEmbedder(ParseResult parse, GuardOptions options)
    {
        IEmbeddingGenerator<string, Embedding<float>> inner = CliEmbedders.Open(parse.GetValue(Model));
        try
        {
            return new CanonicalizingEmbeddingGenerator(inner, options.Canonicalization);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    /// <summary>Opens the embedder and store the options name and creates a guard that owns both.</summary>
    public async Task<RagPrefGuard> OpenAsync(ParseResult parse, GuardOptions options, CancellationToken cancellationToken)
    {
        CanonicalizingEmbeddingGenerator embedder = OpenEmbedder(parse, options);
        try
        {
            string? storePath = parse.GetValue(Store);
            ExampleStore store = storePath is null
                ? await RagPrefGuard.LoadOrBuildDefaultStoreAsync(embedder, cancellationToken).ConfigureAwait(false)
                : ExampleStore.Load(Path.GetFullPath(storePath));
            try
            {
                return RagPrefGuard.Create(embedder, store, options, ownsResources: true);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        catch
        {
            embedder.Dispose();
            throw;
        }
    }
}
