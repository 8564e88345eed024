namespace Mcip.RagPref.Guard;

/// <summary>How the guard turns the neighbours of a request into its attack-likeness <see cref="GuardResult.Score"/>.</summary>
public enum GuardScoring
{
    /// <summary>
    /// The RAG-Pref research rule: mean similarity of the <see cref="GuardOptions.NeighboursPerLabel"/> nearest
    /// attack examples minus that of the nearest benign examples (the margin).
    /// </summary>
    ResearchMargin = 0,

    /// <summary>
    /// Class-balanced soft k-nearest-neighbours: <c>τ·(log Σₐ e^(s/τ) − log Nₐ) − τ·(log Σ_b e^(s/τ) − log N_b)</c>
    /// over the <see cref="GuardOptions.ScoringNeighbours"/> nearest examples of each label, with the temperature
    /// <see cref="GuardOptions.Temperature"/>: every close neighbour counts, not only the top two, and a label with
    /// more examples gains no advantage from its size.
    /// </summary>
    SoftKnn = 1,
}
