using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Benchmarks.Guard;

/// <summary>
/// Latency of the default guard (<see cref="RagPrefGuard.CreateDefaultAsync"/>: all-MiniLM-L6-v2 with hashed n-grams
/// over the seed store) screening one request at a time on one thread, against the baseline of the embedder alone
/// (the guard's own embedder composition, a <see cref="HybridEmbeddingGenerator"/> of MiniLM and n-grams) embedding the
/// request's canonical text once. The ratio is therefore what the guard adds on top of one embedding: windowing,
/// intent units (their extra embeddings included), search, scoring and composing the context.
/// </summary>
/// <remarks>
/// <para>
/// Every invocation screens one request (<see cref="GuardLatencyConfig"/>: one invocation per iteration, no outlier
/// removal), so P50/P95/P99 are per-request latencies. The <c>mix</c> case screens the five requests in turn.
/// <see cref="ScoreUnits"/> compares <c>new GuardOptions { ScoreUnits = false }</c> with the default (true).
/// </para>
/// <para>
/// The first run on a machine builds the default store (a minute or two) into the user cache
/// (<c>~/.cache/mcip-ragpref</c>) in the first benchmark's setup; later processes load it.
/// </para>
/// </remarks>
[Config(typeof(GuardLatencyConfig))]
public class GuardLatencyBenchmarks
{
    private RagPrefGuard? _guard;
    private CanonicalizingEmbeddingGenerator? _embedder;
    private IEmbeddingGenerator<string, Embedding<float>>? _rawEmbedder;
    private GuardRequest[] _requests = [];
    private string[][] _canonical = [];
    private int _nextGuard;
    private int _nextEmbed;

    /// <summary>The request (or the mix).</summary>
    [ParamsSource(nameof(Requests))]
    public GuardBenchmarkRequest Request { get; set; } = null!;

    /// <summary><see cref="GuardOptions.ScoreUnits"/>: whether intent units are embedded and scored besides the windows.</summary>
    [Params(true, false)]
    public bool ScoreUnits { get; set; }

    /// <summary>The requests to run.</summary>
    public static IEnumerable<GuardBenchmarkRequest> Requests() => GuardBenchmarkRequest.All();

    [GlobalSetup]
    public void Setup()
    {
        var options = new GuardOptions { ScoreUnits = ScoreUnits };
        _guard = RagPrefGuard.CreateDefaultAsync(options).GetAwaiter().GetResult();

        // The baseline: a second instance of the guard's embedder, used as the guard uses it (on canonical text, so
        // through the inner generator, not the canonicalising wrapper).
        _embedder = RagPrefGuard.CreateDefaultEmbedder(options);
        _rawEmbedder = _embedder.Inner;

        _requests = [.. Request.Requests];
        _canonical = new string[_requests.Length][];
        for (int i = 0; i < _requests.Length; i++)
        {
            GuardResult result = _guard.GuardAsync(_requests[i]).GetAwaiter().GetResult();
            _canonical[i] = [result.CanonicalText];
            Console.WriteLine(
                $"// {Request.Name}[{i}] ScoreUnits={ScoreUnits}: {result.Verdict}, score {result.Score:F3}, {result.WindowCount} window(s), "
                + $"{result.UnitCount} unit(s), {result.CanonicalText.Length} canonical chars, context {result.Context.Length} chars");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _guard?.Dispose();
        _embedder?.Dispose();
    }

    /// <summary>The embedder alone on the request's canonical text (one text, one call).</summary>
    [Benchmark(Baseline = true)]
    public async Task<float> Embedder()
    {
        string[] text = _canonical[_nextEmbed];
        _nextEmbed = (_nextEmbed + 1) % _canonical.Length;
        GeneratedEmbeddings<Embedding<float>> vectors = await _rawEmbedder!.GenerateAsync(text);
        return vectors[0].Vector.Span[0];
    }

    /// <summary>The guard: canonicalise, window, units, embed, search, score, decide, compose.</summary>
    [Benchmark]
    public async Task<float> Guard()
    {
        GuardRequest request = _requests[_nextGuard];
        _nextGuard = (_nextGuard + 1) % _requests.Length;
        GuardResult result = await _guard!.GuardAsync(request);
        return result.Score;
    }
}
