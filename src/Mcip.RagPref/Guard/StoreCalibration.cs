using Mcip.RagPref.Requests;
using Mcip.RagPref.Scoring;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Guard;

/// <summary>
/// What the guard learns from a store version before scoring against it: each row's hub score (optional)
/// and the leave-one-out scores of the store's own examples, which calibrate scores and give default thresholds.
/// </summary>
/// <remarks>Immutable once computed; computed once per store version (O(rows) searches).</remarks>
internal sealed class StoreCalibration
{
    /// <summary>Stored neighbours a hub score averages.</summary>
    internal const int HubNeighbours = 10;

    /// <summary>
    /// Neighbours at least this similar are left out of an item's leave-one-out score, like the item's own rows: a
    /// corpus holds paraphrases and template variants ("export the January payroll ..." and "... February ..."), and
    /// letting an item lean on its near-twins would make benign scores look safer than unseen requests score, and the
    /// fitted thresholds too low. 0.9.
    /// </summary>
    internal const float NearDuplicate = 0.9f;

    /// <summary>The fewest benign items a surface (or the whole store) needs before thresholds are fitted on them: 20.</summary>
    internal const int MinBenignItems = 20;

    /// <summary>The thresholds used when a store has fewer than <see cref="MinBenignItems"/> benign items: Flag at 0, Block at 0.1.</summary>
    internal static readonly SurfacePolicy Unfitted = new(0f, 0.1f);

    private readonly float[] _benignScores;
    private readonly SurfacePolicy[] _bySurface;
    private readonly ItemScore[] _items;

    private StoreCalibration(long version, float[]? hubs, float[] benignScores, SurfacePolicy[] bySurface, string[] warnings, ItemScore[] items)
    {
        Version = version;
        Hubs = hubs;
        _benignScores = benignScores;
        _bySurface = bySurface;
        Warnings = warnings;
        _items = items;
    }

    public long Version { get; }

    /// <summary>Hub score per row, or <see langword="null"/> when hubness correction is off.</summary>
    public float[]? Hubs { get; }

    /// <summary>What the fit could not do as asked (too few benign items overall or for a surface); empty when all is well.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// The fitted thresholds of <paramref name="surface"/>: fitted on that surface's own benign items when it has at
    /// least <see cref="MinBenignItems"/>, else on all benign items, else <see cref="Unfitted"/>.
    /// </summary>
    public SurfacePolicy PolicyFor(GuardSurface surface) => _bySurface[(int)surface];

    /// <summary>The fraction of benign leave-one-out scores strictly below <paramref name="score"/> (0 or 1 by the sign of the score when the store has no benign item).</summary>
    public float Calibrate(float score)
    {
        if (_benignScores.Length == 0)
        {
            return score > 0 ? 1f : 0f;
        }

        int lo = 0, hi = _benignScores.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_benignScores[mid] < score)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (float)lo / _benignScores.Length;
    }

    public static StoreCalibration Compute(ExampleStoreSnapshot snapshot, GuardOptions options, NeighbourScorer scorer)
    {
        int rows = snapshot.Count;
        IReadOnlyList<Example> examples = snapshot.Examples;
        int extra = 8;
        int k = Math.Max(options.ScoringNeighbours, HubNeighbours) + extra;
        // Every row is a query: search in blocks of rows (one pass over the store per block), blocks in parallel.
        var found = new StoreSearchResult[rows];
        int dimensions = snapshot.Fingerprint.Dimensions;
        const int Block = 64;
        Parallel.For(0, (rows + Block - 1) / Block, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, b =>
        {
            int first = b * Block;
            int count = Math.Min(Block, rows - first);
            float[] queries = new float[count * dimensions];
            for (int i = 0; i < count; i++)
            {
                snapshot.GetVector(first + i).CopyTo(queries.AsSpan(i * dimensions, dimensions));
            }

            StoreSearchResult[] block = snapshot.SearchMany(queries, k);
            block.CopyTo(found, first);
        });

        float[]? hubs = options.HubnessCorrection ? ComputeHubs(found) : null;

        // An item (a stored example with its chunks and units) scores as a request would: the best of its rows, each
        // scored without the item's own rows.
        var items = new Dictionary<string, ItemScore>(StringComparer.Ordinal);
        for (int r = 0; r < rows; r++)
        {
            Example self = examples[r];
            string family = self.ParentId ?? self.Id;
            NeighbourScorer.Scores s = scorer.Score(
                found[r].Attack,
                found[r].Benign,
                snapshot.AttackCount - (self.Label == ExampleLabel.Attack ? 1 : 0),
                snapshot.BenignCount - (self.Label == ExampleLabel.Benign ? 1 : 0),
                hubs,
                m => m.Row == r || (m.Example.ParentId ?? m.Example.Id) == family || m.Similarity >= NearDuplicate);
            items[family] = items.TryGetValue(family, out ItemScore item)
                ? new ItemScore(item.Label, item.Surface ?? self.Surface, Math.Max(item.Score, s.Score))
                : new ItemScore(self.Label, self.Surface, s.Score);
        }

        return FromItems(snapshot.Version, hubs, [.. items.Values], options);
    }

    /// <summary>The store-metadata key under which the item scores of a store are kept for <paramref name="options"/>.</summary>
    public static string CacheKey(ExampleStoreSnapshot snapshot, GuardOptions options) =>
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"guard.calibration.v2.{options.Scoring}.{options.Temperature:R}.{options.ScoringNeighbours}.{snapshot.Count}.{StoreFileWriter.HashVectors(snapshot.State.Vectors):x16}");

    /// <summary>Serialises the item scores (label, surface, score per item) for <see cref="ExampleStore.SetMetadata"/>.</summary>
    public string Serialize()
    {
        byte[] bytes = new byte[_items.Length * 6];
        for (int i = 0; i < _items.Length; i++)
        {
            bytes[i * 6] = (byte)_items[i].Label;
            bytes[(i * 6) + 1] = _items[i].Surface is GuardSurface surface ? (byte)surface : byte.MaxValue;
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((i * 6) + 2), _items[i].Score);
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Rebuilds a calibration from <see cref="Serialize"/>d item scores; <see langword="null"/> when the text is not valid.</summary>
    public static StoreCalibration? Deserialize(string text, long version, GuardOptions options)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length % 6 != 0)
        {
            return null;
        }

        var items = new ItemScore[bytes.Length / 6];
        for (int i = 0; i < items.Length; i++)
        {
            byte label = bytes[i * 6];
            byte surface = bytes[(i * 6) + 1];
            float score = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((i * 6) + 2));
            if (label > 1 || (surface != byte.MaxValue && !Enum.IsDefined((GuardSurface)surface)) || !float.IsFinite(score))
            {
                return null;
            }

            items[i] = new ItemScore((ExampleLabel)label, surface == byte.MaxValue ? null : (GuardSurface)surface, score);
        }

        return FromItems(version, hubs: null, items, options);
    }

    private static StoreCalibration FromItems(long version, float[]? hubs, ItemScore[] items, GuardOptions options)
    {
        var benign = new List<float>();
        var benignBySurface = new List<double>[Enum.GetValues<GuardSurface>().Length];
        for (int i = 0; i < benignBySurface.Length; i++)
        {
            benignBySurface[i] = [];
        }

        foreach ((ExampleLabel label, GuardSurface? surface, float score) in items)
        {
            if (label == ExampleLabel.Attack)
            {
                continue;
            }

            benign.Add(score);
            if (surface is GuardSurface known)
            {
                benignBySurface[(int)known].Add(score);
            }
        }

        float[] benignSorted = [.. benign];
        Array.Sort(benignSorted);
        var warnings = new List<string>();
        SurfacePolicy fitted;
        if (benignSorted.Length >= MinBenignItems)
        {
            fitted = Fit(Array.ConvertAll(benignSorted, x => (double)x), options);
        }
        else
        {
            fitted = Unfitted;
            warnings.Add(
                $"The store has {benignSorted.Length} benign item(s); thresholds are fitted on at least {MinBenignItems}, so the unfitted defaults "
                + $"(Flag at score {Unfitted.FlagThreshold}, Block at {Unfitted.BlockThreshold}) apply. Add benign examples, or set GuardOptions.Policies.");
        }

        var bySurface = new SurfacePolicy[benignBySurface.Length];
        foreach (GuardSurface surface in Enum.GetValues<GuardSurface>())
        {
            List<double> scores = benignBySurface[(int)surface];
            if (scores.Count >= MinBenignItems)
            {
                bySurface[(int)surface] = Fit([.. scores], options);
            }
            else
            {
                bySurface[(int)surface] = fitted;
                if (benignSorted.Length >= MinBenignItems)
                {
                    warnings.Add(
                        $"The store has {scores.Count} benign {GuardNames.Surface(surface)} item(s), fewer than the {MinBenignItems} a surface's own fit needs; "
                        + "that surface uses the thresholds fitted on all benign items.");
                }
            }
        }

        List<double> outputs = benignBySurface[(int)GuardSurface.ToolOutput];
        double[] passageBase = outputs.Count >= MinBenignItems ? [.. outputs] : Array.ConvertAll(benignSorted, x => (double)x);
        Array.Sort(passageBase);
        float passage = passageBase.Length == 0
            ? Unfitted.FlagThreshold
            : (float)passageBase[Math.Clamp((int)Math.Ceiling((1 - options.Flows.PassageFalsePositiveRate) * passageBase.Length), 0, passageBase.Length - 1)];
        return new StoreCalibration(version, hubs, benignSorted, bySurface, [.. warnings], items) { PassageThreshold = passage };
    }

    /// <summary>
    /// The score at which a passage around an untrusted tool-call target reads as an injected instruction: the
    /// (1 - <see cref="FlowOptions.PassageFalsePositiveRate"/>) quantile of the benign tool-output items' scores.
    /// </summary>
    public float PassageThreshold { get; private init; }

    /// <summary>One stored example's leave-one-out score, as a request would score.</summary>
    private readonly record struct ItemScore(ExampleLabel Label, GuardSurface? Surface, float Score);

    private static SurfacePolicy Fit(double[] benignScores, GuardOptions options)
    {
        float flag = ThresholdFitting.Fit(benignScores, options.DefaultFlagFalsePositiveRate).SingleThreshold;
        float block = Math.Max(flag, ThresholdFitting.Fit(benignScores, options.DefaultBlockFalsePositiveRate).SingleThreshold);
        return new SurfacePolicy(flag, block);
    }

    private static float[] ComputeHubs(StoreSearchResult[] found)
    {
        var hubs = new float[found.Length];
        Span<float> top = stackalloc float[HubNeighbours];
        for (int r = 0; r < found.Length; r++)
        {
            int n = 0;
            MergeTop(found[r].Attack, r, top, ref n);
            MergeTop(found[r].Benign, r, top, ref n);
            float sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += top[i];
            }

            hubs[r] = n == 0 ? 0 : sum / n;
        }

        // Re-centre so corrected similarities stay on the cosine scale.
        float mean = 0;
        foreach (float h in hubs)
        {
            mean += h;
        }

        mean /= Math.Max(1, hubs.Length);
        for (int r = 0; r < hubs.Length; r++)
        {
            hubs[r] -= mean;
        }

        return hubs;
    }

    /// <summary>Keeps the <c>top.Length</c> largest similarities seen (descending) in <paramref name="top"/>.</summary>
    private static void MergeTop(IReadOnlyList<ExampleMatch> matches, int self, Span<float> top, ref int n)
    {
        foreach (ExampleMatch m in matches)
        {
            if (m.Row == self)
            {
                continue;
            }

            float s = m.Similarity;
            if (n == top.Length && s <= top[n - 1])
            {
                break;
            }

            int i = n < top.Length ? n++ : n - 1;
            while (i > 0 && top[i - 1] < s)
            {
                top[i] = top[i - 1];
                i--;
            }

            top[i] = s;
        }
    }
}
