using System.Diagnostics;
using Mcip.RagPref.Diagnostics;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Prompting;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Scoring;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Text;
using Microsoft.Extensions.AI;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Guard;

/// <summary>
/// The RAG-Pref guard: canonicalises a request, embeds it, finds the nearest attack and benign examples in
/// one scan of the store, scores it, decides Allow / Flag / Block, and composes the contrastive context for
/// the model's prompt.
/// </summary>
/// <remarks>
/// Thread-safe: any number of <see cref="GuardAsync"/> calls may run at once, also while the store changes
/// (each call sees one consistent store version). A store change starts a recomputation of the store's calibration
/// (leave-one-out scores: O(rows) searches) in the background; calls meanwhile use the previous calibration, so the
/// request path never pays for it. With <see cref="GuardOptions.HubnessCorrection"/> on, hub scores belong to one store
/// version, and the first call after a change computes them.
/// </remarks>
public sealed partial class RagPrefGuard : IRagPrefGuard, IDisposable
{
    /// <summary>Intent units longer than this many windows are not embedded (the windows cover their text): 8.</summary>
    private const int MaxUnitWindows = 8;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly ExampleStore _store;
    private readonly IDisposable? _ownedEmbedder;
    private readonly bool _ownsStore;
    private readonly GuardOptions _options;
    private readonly NeighbourScorer _scorer;
    private readonly TextCanonicalizer _canonicalizer;
    private readonly PromptOptions[] _promptBySurface;
    private readonly Dictionary<GuardSurface, SurfacePolicy> _explicitPolicies;
    private readonly RagPrefTelemetry _telemetry;
    private readonly GuardCalibrator _calibrator;
    private readonly FlowRuleEngine _flows;
    private readonly FlowRecorder _flowRecorder;
    private int _disposed;

    private RagPrefGuard(
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        ExampleStore store,
        GuardOptions options,
        TextCanonicalizer canonicalizer,
        IDisposable? ownedEmbedder,
        bool ownsStore)
    {
        _embedder = embedder;
        _store = store;
        _options = options;
        _ownedEmbedder = ownedEmbedder;
        _ownsStore = ownsStore;
        _scorer = new NeighbourScorer(options.Scoring, options.NeighboursPerLabel, options.ScoringNeighbours, options.Temperature);
        _canonicalizer = canonicalizer;
        _promptBySurface = SnapshotPromptOptions(options.Prompt);
        _explicitPolicies = new Dictionary<GuardSurface, SurfacePolicy>(options.Policies);
        _telemetry = RagPrefTelemetry.For(options.MeterFactory);
        _calibrator = new GuardCalibrator(store, options, _scorer);
        _flows = new FlowRuleEngine(options.Flows, options.Windows.Size, canonicalizer);
        _flowRecorder = new FlowRecorder(options.Flows, options.LoggerFactory);
    }

    /// <summary>The embedder requests are embedded with (after canonicalisation), for tests and tools that build a second guard over the same store.</summary>
    internal IEmbeddingGenerator<string, Embedding<float>> Embedder => _embedder;

    /// <summary>The store the guard searches.</summary>
    public ExampleStore Store => _store;

    /// <summary>A copy of the options the guard was created with (changing it does not affect the guard).</summary>
    public GuardOptions Options => _options.Clone();

    /// <summary>
    /// Creates a guard over <paramref name="store"/>, embedding requests with <paramref name="embedder"/>.
    /// </summary>
    /// <param name="embedder">
    /// The embedder the store was built with: either the same generator, or (for stores built through a
    /// <see cref="CanonicalizingEmbeddingGenerator"/>) that wrapper or its inner generator.
    /// </param>
    /// <param name="store">The labelled example store.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults. They are copied.</param>
    /// <param name="ownsResources">Whether disposing the guard disposes the embedder and the store. Default <see langword="false"/>.</param>
    /// <returns>The guard.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="embedder"/> or <paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The options are invalid (the message lists every problem), or <see cref="GuardOptions.Canonicalization"/> differs from
    /// the settings of the <see cref="CanonicalizingEmbeddingGenerator"/> given as <paramref name="embedder"/>.
    /// </exception>
    /// <exception cref="RagPrefException">The embedder's fingerprint does not match the store's (the message names both).</exception>
    public static RagPrefGuard Create(
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        ExampleStore store,
        GuardOptions? options = null,
        bool ownsResources = false)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(store);
        options = options?.Clone() ?? new GuardOptions();
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid guard options: " + string.Join(" ", problems), nameof(options));
        }

        // Canonicalisation is set in one place: the canonicalising embedder's settings when it is one, else the options'.
        CanonicalizationOptions canonicalization = options.Canonicalization;
        TextCanonicalizer canonicalizer;
        if (embedder is CanonicalizingEmbeddingGenerator wrapper)
        {
            if (!wrapper.Options.SameAs(canonicalization))
            {
                throw new ArgumentException(
                    $"GuardOptions.Canonicalization ({Describe(canonicalization)}) differs from the settings of the CanonicalizingEmbeddingGenerator the guard "
                    + $"was given ({Describe(wrapper.Options)}). Canonicalisation is set in one place: create the embedder with the same settings, or pass its inner "
                    + "generator and keep GuardOptions.Canonicalization.",
                    nameof(options));
            }

            canonicalizer = wrapper.Canonicalizer;
        }
        else
        {
            canonicalizer = new TextCanonicalizer(canonicalization);
        }

        IEmbeddingGenerator<string, Embedding<float>> raw = ResolveEmbedder(embedder, store.Fingerprint, canonicalization);
        var guard = new RagPrefGuard(raw, store, options, canonicalizer, ownsResources ? embedder : null, ownsResources);

        // Calibrate against the current store version now, so the first request is not the slow one.
        using (ExampleStoreSnapshot snapshot = store.GetSnapshot())
        {
            guard._calibrator.For(snapshot, wait: true);
        }

        return guard;
    }

    /// <summary>
    /// Picks the generator that embeds already-canonical text for a store with <paramref name="storeFingerprint"/>,
    /// or throws naming both fingerprints.
    /// </summary>
    private static IEmbeddingGenerator<string, Embedding<float>> ResolveEmbedder(
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        EmbedderFingerprint storeFingerprint,
        CanonicalizationOptions canonicalization)
    {
        EmbedderFingerprint given = EmbedderFingerprint.Of(embedder);
        IEmbeddingGenerator<string, Embedding<float>> raw = embedder is CanonicalizingEmbeddingGenerator wrapper ? wrapper.Inner : embedder;
        EmbedderFingerprint rawFingerprint = EmbedderFingerprint.Of(raw);
        if (given == storeFingerprint
            || rawFingerprint == storeFingerprint
            || (rawFingerprint with { ModelId = rawFingerprint.ModelId + CanonicalizingEmbeddingGenerator.SuffixFor(canonicalization) }) == storeFingerprint)
        {
            // Requests are canonicalised by the guard itself, so the raw generator embeds them.
            return raw;
        }

        throw new RagPrefException(
            $"The embedder '{given}' does not match the store, which was built with '{storeFingerprint}'. "
            + "Vectors from different embedders are not comparable: create the guard with the embedder the store was built with, "
            + "or rebuild the store with this embedder (ragpref store build --model ...).");
    }

    /// <summary>Disposes the store and embedder when the guard owns them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _calibrator.Stop();

        if (_ownsStore)
        {
            _store.Dispose();
        }

        _ownedEmbedder?.Dispose();
    }

    private static string Describe(CanonicalizationOptions options) => options.Describe() is { Length: > 0 } d ? d : "defaults";

    private static TimeSpan Since(long start, long end) => Stopwatch.GetElapsedTime(start, end);
}
