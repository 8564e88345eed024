using System.Diagnostics;
using Mcip.RagPref.Diagnostics;
using Mcip.RagPref.Prompting;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Text;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Guard;

/// <content>Screening one request.</content>
public sealed partial class RagPrefGuard
{
    /// <summary>
    /// Screens one request: canonicalise, split long texts into windows, embed, search, score (the most
    /// attack-like window decides), decide the verdict for the request's surface, and compose the context.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>The verdict with its evidence; a blocked request is a result, not an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The text needs more than <see cref="GuardOptions.MaxWindows"/> windows.</exception>
    /// <exception cref="RagPrefException">The embedder failed or returned unusable vectors.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The guard was disposed.</exception>
    public async Task<GuardResult> GuardAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        using Activity? activity = RagPrefTelemetry.Source.StartActivity("guard");
        activity?.SetTag(RagPrefTelemetry.SurfaceTag, GuardNames.Surface(request.Surface));
        long t0 = Stopwatch.GetTimestamp();

        CanonicalText canonical = _canonicalizer.Canonicalize(request.RenderedText);
        IReadOnlyList<TextWindow> windows = canonical.Text.Length == 0
            ? [new TextWindow(0, 0, string.Empty)]
            : TextWindows.Split(canonical.Text, _options.Windows);
        if (windows.Count > _options.MaxWindows)
        {
            throw new ArgumentException(
                $"The {request.Surface} text is {canonical.Text.Length:N0} characters: {windows.Count} windows, more than GuardOptions.MaxWindows ({_options.MaxWindows}). "
                + "Raise MaxWindows or screen the text in parts; it is never truncated silently.",
                nameof(request));
        }

        long t1 = Stopwatch.GetTimestamp();
        List<string> texts = new(windows.Count + 4);
        foreach (TextWindow window in windows)
        {
            texts.Add(window.Text);
        }

        int unitCount = AddUnits(request, canonical.Text, texts);
        int scored = texts.Count;
        FlowPlan? flowPlan = PlanFlows(request);
        int[]? passageEnds = flowPlan is null ? null : AddPassages(flowPlan, texts);

        GeneratedEmbeddings<Embedding<float>> vectors =
            await _embedder.GenerateAsync(texts, options: null, cancellationToken).ConfigureAwait(false);
        if (vectors.Count != texts.Count)
        {
            throw new RagPrefException($"The embedder returned {vectors.Count} vectors for {texts.Count} texts; it must return one vector per text.");
        }

        long t2 = Stopwatch.GetTimestamp();
        using ExampleStoreSnapshot snapshot = _store.GetSnapshot();
        StoreCalibration calibration = CalibrationFor(snapshot);
        int best = 0;
        int bestWindow = 0;
        float bestWindowScore = float.NegativeInfinity;
        StoreSearchResult? bestFound = null;
        NeighbourScorer.Scores bestScores = default;
        int dimensions = snapshot.Fingerprint.Dimensions;
        float[] queries = new float[vectors.Count * dimensions];
        for (int i = 0; i < vectors.Count; i++)
        {
            ReadOnlySpan<float> vector = vectors[i].Vector.Span;
            if (vector.Length != dimensions)
            {
                throw new RagPrefException($"The embedder returned a {vector.Length}-d vector; the store holds {dimensions}-d vectors. Use the embedder the store was built with.");
            }

            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
            if (!float.IsFinite(norm) || norm <= 0f)
            {
                throw new RagPrefException($"The embedder returned a vector of norm {norm} for text {i + 1} of {vectors.Count}; it must be finite and non-zero. Check the embedder.");
            }

            vector.CopyTo(queries.AsSpan(i * dimensions, dimensions));
        }

        StoreSearchResult[] searched = snapshot.SearchMany(queries, _options.ScoringNeighbours);
        float[] passageScores = new float[passageEnds?.Length ?? 0];
        for (int c = 0, i = scored; c < passageScores.Length; c++)
        {
            // A passage scores as its most attack-like part: the passage whole or one of its sentences.
            float max = float.NegativeInfinity;
            for (; i < passageEnds![c]; i++)
            {
                StoreSearchResult found = searched[i];
                max = Math.Max(max, _scorer.Score(found.Attack, found.Benign, snapshot.AttackCount, snapshot.BenignCount, calibration.Hubs).Score);
            }

            passageScores[c] = max;
        }

        for (int i = 0; i < scored; i++)
        {
            StoreSearchResult found = searched[i];
            NeighbourScorer.Scores scores = _scorer.Score(found.Attack, found.Benign, snapshot.AttackCount, snapshot.BenignCount, calibration.Hubs);
            if (bestFound is null || scores.Score > bestScores.Score)
            {
                (best, bestFound, bestScores) = (i, found, scores);
            }

            if (i < windows.Count && scores.Score > bestWindowScore)
            {
                (bestWindow, bestWindowScore) = (i, scores.Score);
            }
        }

        long t3 = Stopwatch.GetTimestamp();
        SurfacePolicy policy = PolicyFor(request.Surface, calibration);
        IReadOnlyList<GuardNeighbour> attack = Neighbours(bestFound!.Attack);
        IReadOnlyList<GuardNeighbour> benign = Neighbours(bestFound.Benign);
        PromptExample[] relevantAttack = Relevant(attack);
        PromptExample[] relevantBenign = Relevant(benign);
        string context = relevantAttack.Length == 0 && relevantBenign.Length == 0
            ? string.Empty
            : PromptComposer.Render(relevantAttack, relevantBenign, PromptOptionsFor(request.Surface));
        long t4 = Stopwatch.GetTimestamp();

        GuardVerdict retrievalVerdict = policy.Decide(bestScores.Score);
        FlowAssessmentBuilder? assessed = flowPlan is null ? null : AssessFlows(flowPlan, passageScores, calibration.PassageThreshold);
        GuardVerdict verdict = assessed is not null && assessed.Verdict > retrievalVerdict ? assessed.Verdict : retrievalVerdict;
        if (assessed is { UserDirected: true } && verdict == GuardVerdict.Flag && retrievalVerdict == GuardVerdict.Flag && _options.Flows.TrustUserDirectedCalls)
        {
            // The conversation shows the user asked for this call with these targets: the search's Flag alone does not stand.
            verdict = GuardVerdict.Allow;
        }
        var result = new GuardResult
        {
            Surface = request.Surface,
            Verdict = verdict,
            RetrievalVerdict = retrievalVerdict,
            Flow = RecordFlow(request, assessed, verdict, retrievalVerdict, activity),
            Score = bestScores.Score,
            CalibratedScore = calibration.Calibrate(bestScores.Score),
            AttackScore = bestScores.AttackMean,
            BenignScore = bestScores.BenignMean,
            AttackNeighbours = attack,
            BenignNeighbours = benign,
            Policy = policy,
            CanonicalText = canonical.Text,
            Findings = canonical.Findings,
            DecidingWindow = windows[bestWindow],
            WindowCount = windows.Count,
            DecidingUnit = texts[best],
            UnitCount = unitCount,
            Context = context,
            StoreVersion = snapshot.Version,
            Timings = new GuardTimings(Since(t0, t1), Since(t1, t2), Since(t2, t3), Since(t3, t4), Since(t0, t4)),
        };
        _telemetry.Record(GuardNames.Surface(result.Surface), GuardNames.Verdict(result.Verdict), result.Timings.Embed, result.Timings.Search, result.Timings.Total);
        if (activity is not null)
        {
            activity.SetTag(RagPrefTelemetry.VerdictTag, GuardNames.Verdict(result.Verdict));
            activity.SetTag("mcip.ragpref.score", result.Score);
            activity.SetTag("mcip.ragpref.store_version", result.StoreVersion);
        }

        return result;
    }

    /// <summary>
    /// Returns a copy of <paramref name="conversation"/> with the RAG-Pref context of <paramref name="result"/>
    /// placed as <see cref="GuardOptions.Prompt"/> says (by default a new system message first). The input is not changed.
    /// </summary>
    /// <param name="conversation">The conversation the host is about to send to the model.</param>
    /// <param name="result">The result of screening the request in that conversation.</param>
    /// <returns>The new message list.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public IList<ChatMessage> ComposeMessages(IEnumerable<ChatMessage> conversation, GuardResult result)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(result);
        PromptExample[] attack = Relevant(result.AttackNeighbours);
        PromptExample[] benign = Relevant(result.BenignNeighbours);
        if (attack.Length == 0 && benign.Length == 0)
        {
            // A failure result, an empty store, or nothing relevant enough: no examples to contrast, so no security
            // guidance; the conversation passes on unchanged.
            return [.. conversation];
        }

        return PromptComposer.Compose(conversation, attack, benign, PromptOptionsFor(result.Surface));
    }

    /// <summary>
    /// Adds the canonical intent units of <paramref name="request"/> to <paramref name="texts"/> (after its windows),
    /// leaving out units equal to the whole text or to another unit; returns how many were added.
    /// </summary>
    private int AddUnits(GuardRequest request, string canonicalWhole, List<string> texts)
    {
        if (!_options.ScoreUnits)
        {
            return 0;
        }

        IReadOnlyList<string> units = IntentUnits.Split(
            request.RenderedText, request.Surface, _options.Windows.Size, _options.MaxUnits, line => _canonicalizer.Canonicalize(line).Text);
        if (units.Count <= 1)
        {
            return 0;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { canonicalWhole };
        int added = 0;
        foreach (string unit in units)
        {
            if (seen.Add(unit))
            {
                texts.Add(unit);
                added++;
            }
        }

        return added;
    }

    /// <summary>
    /// Saves the calibration of the current store version (each stored example's leave-one-out score) in the store's
    /// metadata, keyed by the scoring options and a checksum of the vectors, so that a guard created later over the saved
    /// store with the same options starts without recomputing it. Call <c>Store.Save</c> to persist.
    /// </summary>
    internal void SaveCalibration()
    {
        if (_options.HubnessCorrection)
        {
            return;
        }

        using ExampleStoreSnapshot snapshot = _store.GetSnapshot();
        _store.SetMetadata(StoreCalibration.CacheKey(snapshot, _options), CalibrationFor(snapshot).Serialize());
    }

    /// <summary>What the last calibration could not do as asked (too few benign items overall or for a surface); empty when all is well.</summary>
    public IReadOnlyList<string> CalibrationWarnings
    {
        get
        {
            using ExampleStoreSnapshot snapshot = _store.GetSnapshot();
            return CalibrationFor(snapshot).Warnings;
        }
    }

    private PromptOptions PromptOptionsFor(GuardSurface surface) => _promptBySurface[(int)surface];

    /// <summary>
    /// The nearest <see cref="GuardOptions.NeighboursPerLabel"/> stored examples, one per example (the best of its whole
    /// text, windows and units), shown as their canonical text so that hidden content (tag characters) stays visible.
    /// </summary>
    private GuardNeighbour[] Neighbours(IReadOnlyList<ExampleMatch> matches)
    {
        var list = new List<GuardNeighbour>(_options.NeighboursPerLabel);
        var families = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < matches.Count && list.Count < _options.NeighboursPerLabel; i++)
        {
            Example e = matches[i].Example;
            string family = e.ParentId ?? e.Id;
            if (families.Add(family))
            {
                list.Add(new GuardNeighbour(family, _canonicalizer.Canonicalize(e.Text).Text, e.Category, matches[i].Similarity));
            }
        }

        return [.. list];
    }

    /// <summary>The neighbours relevant enough to show the model: those at or above <see cref="GuardOptions.RelevanceFloor"/>.</summary>
    private PromptExample[] Relevant(IReadOnlyList<GuardNeighbour> neighbours)
    {
        var list = new List<PromptExample>(neighbours.Count);
        foreach (GuardNeighbour n in neighbours)
        {
            if (n.Similarity >= _options.RelevanceFloor)
            {
                list.Add(new PromptExample(n.Id, n.Text, n.Category, n.Similarity));
            }
        }

        return [.. list];
    }

    private SurfacePolicy PolicyFor(GuardSurface surface, StoreCalibration calibration)
    {
        if (_explicitPolicies.TryGetValue(surface, out SurfacePolicy? policy))
        {
            return policy;
        }

        return StoredPolicy(surface) ?? calibration.PolicyFor(surface);
    }

    private StoreCalibration CalibrationFor(ExampleStoreSnapshot snapshot)
    {
        StoreCalibration? current = Volatile.Read(ref _calibration);
        if (current is not null && current.Version == snapshot.Version)
        {
            return current;
        }

        // Two callers may compute the same version at once; both results are equal and the last one stays. Item scores
        // saved in the store's metadata for these options (see SaveCalibration) spare the O(rows) searches.
        StoreCalibration? fresh = null;
        if (!_options.HubnessCorrection
            && _store.Metadata.TryGetValue(StoreCalibration.CacheKey(snapshot, _options), out string? cached))
        {
            fresh = StoreCalibration.Deserialize(cached, snapshot.Version, _options);
        }

        fresh ??= StoreCalibration.Compute(snapshot, _options, _scorer);
        Volatile.Write(ref _calibration, fresh);
        return fresh;
    }
}
