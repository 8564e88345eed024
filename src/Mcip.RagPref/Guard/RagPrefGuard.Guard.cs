using System.Diagnostics;
using Mcip.RagPref.Diagnostics;
using Mcip.RagPref.Prompting;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Scoring;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Text;
using Microsoft.Extensions.AI;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Guard;

/// <content>Screening one request.</content>
public sealed partial class RagPrefGuard
{
    /// <summary>
    /// Screens one request: canonicalise, split long texts into windows, embed, search, score (the most
    /// attack-like window decides), decide the verdict for the request's surface, and compose the context.
    /// </summary>
    /// <remarks>
    /// Work is linear in the request's size and bounded by <see cref="GuardOptions.MaxCharacters"/>,
    /// <see cref="GuardOptions.MaxWindows"/> and <see cref="GuardOptions.MaxUnits"/>: a larger request is screened in a
    /// representative part and answered as <see cref="GuardResult.Oversize"/> (never rejected, never silently allowed).
    /// </remarks>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>The verdict with its evidence; a blocked request is a result, not an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
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

        // The work budget: at most MaxCharacters characters are canonicalised and windowed, at most MaxWindows windows
        // and MaxUnits bounded units are embedded and searched. Beyond it a representative part is screened (Oversize).
        string rendered = Bounded(request.RenderedText, _options.MaxCharacters, out bool oversize);
        CanonicalText canonical = _canonicalizer.Canonicalize(rendered);
        IReadOnlyList<TextWindow> windows = canonical.Text.Length == 0
            ? [new TextWindow(0, 0, string.Empty)]
            : TextWindows.Split(canonical.Text, _options.Windows);
        int[] screened = WindowSelector.Select(windows, _options.MaxWindows);
        oversize |= screened.Length < windows.Count;

        long t1 = Stopwatch.GetTimestamp();
        List<string> texts = new(screened.Length + 4);
        foreach (int w in screened)
        {
            texts.Add(windows[w].Text);
        }

        int unitCount = AddUnits(request.Surface, rendered, canonical.Text, texts);
        int scored = texts.Count;
        FlowPlan? flowPlan = _flows.Plan(request);
        int[]? passageEnds = flowPlan is null ? null : _flows.AddPassages(flowPlan, texts);

        GeneratedEmbeddings<Embedding<float>> vectors =
            await _embedder.GenerateAsync(texts, options: null, cancellationToken).ConfigureAwait(false);
        if (vectors is null || vectors.Count != texts.Count)
        {
            throw new RagPrefException($"The embedder returned {vectors?.Count ?? 0} vectors for {texts.Count} texts; it must return one vector per text.");
        }

        long t2 = Stopwatch.GetTimestamp();
        using ExampleStoreSnapshot snapshot = _store.GetSnapshot();
        StoreCalibration calibration = _calibrator.For(snapshot);
        int best = 0;
        int bestWindow = 0;
        float bestWindowScore = float.NegativeInfinity;
        StoreSearchResult? bestFound = null;
        NeighbourScorer.Scores bestScores = default;
        int dimensions = snapshot.Fingerprint.Dimensions;
        float[] queries = new float[vectors.Count * dimensions];
        for (int i = 0; i < vectors.Count; i++)
        {
            ReadOnlySpan<float> vector = vectors[i] is { } embedding ? embedding.Vector.Span : default;
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

            if (i < screened.Length && scores.Score > bestWindowScore)
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

        GuardVerdict scoreVerdict = policy.Decide(bestScores.Score);
        GuardVerdict retrievalVerdict = oversize ? _options.Oversize.Apply(request.Surface, scoreVerdict) : scoreVerdict;
        FlowRuling? assessed = flowPlan is null ? null : _flows.Assess(flowPlan, passageScores, calibration.PassageThreshold);
        GuardVerdict verdict = assessed is not null && assessed.Verdict > retrievalVerdict ? assessed.Verdict : retrievalVerdict;
        if (assessed is { UserDirected: true } && !oversize && verdict == GuardVerdict.Flag && retrievalVerdict == GuardVerdict.Flag && _options.Flows.TrustUserDirectedCalls)
        {
            // The conversation shows the user asked for this call with these targets: the search's Flag alone does not stand.
            verdict = GuardVerdict.Allow;
        }
        var result = new GuardResult
        {
            Surface = request.Surface,
            Verdict = verdict,
            RetrievalVerdict = retrievalVerdict,
            Flow = _flowRecorder.Record(request, assessed, verdict, retrievalVerdict, activity),
            Score = bestScores.Score,
            CalibratedScore = calibration.Calibrate(bestScores.Score),
            AttackScore = bestScores.AttackMean,
            BenignScore = bestScores.BenignMean,
            AttackNeighbours = attack,
            BenignNeighbours = benign,
            Policy = policy,
            CanonicalText = canonical.Text,
            Findings = canonical.Findings,
            DecidingWindow = windows[screened[bestWindow]],
            WindowCount = windows.Count,
            ScreenedWindows = screened.Length,
            Oversize = oversize,
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
    /// Adds the canonical intent units of <paramref name="rendered"/> to <paramref name="texts"/> (after its windows; of a
    /// text with more than <see cref="GuardOptions.MaxUnits"/> units a representative <see cref="GuardOptions.MaxUnits"/> of
    /// them), leaving out units equal to the whole text or to another unit, and units longer than
    /// <see cref="MaxUnitWindows"/> windows (the windows cover their text); returns how many were added.
    /// </summary>
    private int AddUnits(GuardSurface surface, string rendered, string canonicalWhole, List<string> texts)
    {
        if (!_options.ScoreUnits)
        {
            return 0;
        }

        // A text with more than MaxUnits units keeps them apart and screens a representative MaxUnits of them (first, last,
        // most lexical signal): joining neighbours would dilute one injected sentence with the padding around it, which is
        // how padding used to turn a blocked injection into Allow.
        IReadOnlyList<string> units = IntentUnits.Split(
            rendered, surface, _options.Windows.Size, int.MaxValue, line => _canonicalizer.Canonicalize(line).Text);
        if (units.Count <= 1)
        {
            return 0;
        }

        if (units.Count > _options.MaxUnits)
        {
            int[] picked = WindowSelector.Select(units.Count, i => units[i], _options.MaxUnits);
            string[] kept = new string[picked.Length];
            for (int i = 0; i < picked.Length; i++)
            {
                kept[i] = units[picked[i]];
            }

            units = kept;
        }

        int maxLength = MaxUnitWindows * _options.Windows.Size;
        var seen = new HashSet<string>(StringComparer.Ordinal) { canonicalWhole };
        int added = 0;
        foreach (string unit in units)
        {
            if (unit.Length <= maxLength && seen.Add(unit))
            {
                texts.Add(unit);
                added++;
            }
        }

        return added;
    }

    /// <summary>
    /// <paramref name="text"/>, or when it is longer than <paramref name="maxCharacters"/> its first and last halves of that
    /// many characters joined by a line break (never splitting a surrogate pair), with <paramref name="oversize"/> set.
    /// </summary>
    internal static string Bounded(string text, int maxCharacters, out bool oversize)
    {
        oversize = text.Length > maxCharacters;
        if (!oversize)
        {
            return text;
        }

        int head = maxCharacters / 2;
        if (char.IsHighSurrogate(text[head - 1]))
        {
            head--;
        }

        int tail = text.Length - (maxCharacters - head - 1);
        if (char.IsLowSurrogate(text[tail]))
        {
            tail++;
        }

        return string.Concat(text.AsSpan(0, head), "\n", text.AsSpan(tail));
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
        _store.SetMetadata(StoreCalibration.CacheKey(snapshot, _options), _calibrator.For(snapshot, wait: true).Serialize());
    }

    /// <summary>What the last calibration could not do as asked (too few benign items overall or for a surface); empty when all is well.</summary>
    public IReadOnlyList<string> CalibrationWarnings
    {
        get
        {
            using ExampleStoreSnapshot snapshot = _store.GetSnapshot();
            return _calibrator.For(snapshot, wait: true).Warnings;
        }
    }

    /// <summary>Waits until no background recalibration runs (for tests and orderly shutdown).</summary>
    internal Task WaitForCalibrationAsync() => _calibrator.WaitAsync();

    /// <summary>How many times this guard computed a calibration by searching the store.</summary>
    internal int CalibrationsComputed => _calibrator.Computed;

    /// <summary>Called on the computing thread just before a calibration is computed (a test hook).</summary>
    internal Action? CalibrationComputing
    {
        get => _calibrator.Computing;
        set => _calibrator.Computing = value;
    }
}
