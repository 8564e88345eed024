using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Scoring;

/// <summary>Turns the per-label neighbour lists of one query into the guard's scores.</summary>
/// <remarks>Stateless apart from its settings and the optional hub scores; thread-safe.</remarks>
internal sealed class NeighbourScorer
{
    private readonly GuardScoring _scoring;
    private readonly int _k;
    private readonly int _scoringNeighbours;
    private readonly float _temperature;

    /// <summary>Creates a scorer with the guard's settings (<c>GuardOptions.Scoring</c>, <c>NeighboursPerLabel</c>, <c>ScoringNeighbours</c>, <c>Temperature</c>).</summary>
    public NeighbourScorer(GuardScoring scoring, int neighboursPerLabel, int scoringNeighbours, float temperature)
    {
        _scoring = scoring;
        _k = neighboursPerLabel;
        _scoringNeighbours = scoringNeighbours;
        _temperature = temperature;
    }

    /// <summary>Scores one query from its neighbours (most similar first), skipping rows for which <paramref name="exclude"/> is true.</summary>
    /// <param name="attack">Attack neighbours.</param>
    /// <param name="benign">Benign neighbours.</param>
    /// <param name="attackCount">Attack rows in the store.</param>
    /// <param name="benignCount">Benign rows in the store.</param>
    /// <param name="hubs">Hub score per row to subtract, or <see langword="null"/>.</param>
    /// <param name="exclude">Rows to leave out (leave-one-out calibration), or <see langword="null"/>.</param>
    public Scores Score(
        IReadOnlyList<ExampleMatch> attack,
        IReadOnlyList<ExampleMatch> benign,
        int attackCount,
        int benignCount,
        float[]? hubs,
        Func<ExampleMatch, bool>? exclude = null)
    {
        Span<float> a = stackalloc float[Math.Min(attack.Count, 256)];
        Span<float> b = stackalloc float[Math.Min(benign.Count, 256)];
        int na = Collect(attack, hubs, exclude, a);
        int nb = Collect(benign, hubs, exclude, b);
        a = a[..na];
        b = b[..nb];
        float attackMean = MeanOfTop(a, _k);
        float benignMean = MeanOfTop(b, _k);
        float score = _scoring switch
        {
            GuardScoring.SoftKnn => SoftLogMass(a, attackCount) - SoftLogMass(b, benignCount),
            _ => attackMean - benignMean,
        };
        return new Scores(score, attackMean, benignMean);
    }

    private static int Collect(IReadOnlyList<ExampleMatch> matches, float[]? hubs, Func<ExampleMatch, bool>? exclude, Span<float> into)
    {
        int n = 0;
        for (int i = 0; i < matches.Count && n < into.Length; i++)
        {
            ExampleMatch m = matches[i];
            if (exclude is not null && exclude(m))
            {
                continue;
            }

            into[n++] = hubs is null ? m.Similarity : m.Similarity - hubs[m.Row];
        }

        // Hub correction can reorder the list; the scorers need it sorted, most similar first.
        if (hubs is not null)
        {
            into[..n].Sort(static (x, y) => y.CompareTo(x));
        }

        return n;
    }

    private static float MeanOfTop(ReadOnlySpan<float> sims, int k)
    {
        int n = Math.Min(k, sims.Length);
        if (n == 0)
        {
            return -1f;
        }

        float sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += sims[i];
        }

        return sum / n;
    }

    /// <summary>τ·log((1/N)·Σ e^(s/τ)) over the top <c>ScoringNeighbours</c> similarities (a smooth maximum, class-size balanced).</summary>
    private float SoftLogMass(ReadOnlySpan<float> sims, int classSize)
    {
        int n = Math.Min(_scoringNeighbours, sims.Length);
        if (n == 0 || classSize == 0)
        {
            return -1f;
        }

        double max = sims[0];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += Math.Exp((sims[i] - max) / _temperature);
        }

        return (float)(max + (_temperature * (Math.Log(sum) - Math.Log(classSize))));
    }

    /// <summary>The scores of one query.</summary>
    /// <param name="Score">The configured method's score.</param>
    /// <param name="AttackMean">Mean of the top-k attack similarities.</param>
    /// <param name="BenignMean">Mean of the top-k benign similarities.</param>
    internal readonly record struct Scores(float Score, float AttackMean, float BenignMean);
}
