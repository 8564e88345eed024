using Mcip.RagPref.Scoring;
using Mcip.RagPref.Stores;

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

    private readonly float[] _benignScores;

    private StoreCalibration(long version, float[]? hubs, float[] benignScores, float[] attackScores, SurfacePolicy fitted)
    {
        Version = version;
        Hubs = hubs;
        _benignScores = benignScores;
        AttackScores = attackScores;
        FittedPolicy = fitted;
    }

    public long Version { get; }

    /// <summary>Hub score per row, or <see langword="null"/> when hubness correction is off.</summary>
    public float[]? Hubs { get; }

    /// <summary>Leave-one-out scores of the benign rows, ascending.</summary>
    public ReadOnlySpan<float> BenignScores => _benignScores;

    /// <summary>Leave-one-out scores of the attack rows, ascending.</summary>
    public float[] AttackScores { get; }

    /// <summary>Thresholds fitted on <see cref="BenignScores"/> at the options' target false-positive rates.</summary>
    public SurfacePolicy FittedPolicy { get; }

    /// <summary>The fraction of benign leave-one-out scores strictly below <paramref name="score"/>.</summary>
    public float Calibrate(float score)
    {
        if (_benignScores.Length == 0)
        {
            return float.NaN;
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
        var found = new StoreSearchResult[rows];
        for (int r = 0; r < rows; r++)
        {
            found[r] = snapshot.Search(snapshot.GetVector(r), k);
        }

        float[]? hubs = options.HubnessCorrection ? ComputeHubs(found) : null;
        var benign = new List<float>(snapshot.BenignCount);
        var attack = new List<float>(snapshot.AttackCount);
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
                m => m.Row == r || (m.Example.ParentId ?? m.Example.Id) == family);
            (self.Label == ExampleLabel.Attack ? attack : benign).Add(s.Score);
        }

        float[] benignSorted = [.. benign];
        float[] attackSorted = [.. attack];
        Array.Sort(benignSorted);
        Array.Sort(attackSorted);
        // An empty or attack-only store gives nothing to fit: fall back to the sign of the score.
        (float flag, float block) = (0f, 0.1f);
        if (benignSorted.Length > 0)
        {
            double[] benignScores = Array.ConvertAll(benignSorted, x => (double)x);
            flag = ThresholdFitting.Fit(benignScores, options.DefaultFlagFalsePositiveRate).SingleThreshold;
            block = Math.Max(flag, ThresholdFitting.Fit(benignScores, options.DefaultBlockFalsePositiveRate).SingleThreshold);
        }

        return new StoreCalibration(snapshot.Version, hubs, benignSorted, attackSorted, new SurfacePolicy(flag, block));
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
