namespace Mcip.RagPref.Scoring;

/// <summary>How the guard turns the neighbours of a request into its attack-likeness <c>GuardResult.Score</c>.</summary>
public enum GuardScoring
{
    /// <summary>
    /// The RAG-Pref research rule: mean similarity of the <c>GuardOptions.NeighboursPerLabel</c> nearest
    /// attack examples minus that of the nearest benign examples (the margin).
    /// </summary>
    ResearchMargin = 0,

    /// <summary>
    /// Class-balanced soft k-nearest-neighbours: <c>τ·(log Σₐ e^(s/τ) − log Nₐ) − τ·(log Σ_b e^(s/τ) − log N_b)</c>
    /// over the <c>GuardOptions.ScoringNeighbours</c> nearest examples of each label, with the temperature
    /// <c>GuardOptions.Temperature</c>: every close neighbour counts, not only the top two, and a label with
    /// more examples gains no advantage from its size.
    /// </summary>
    SoftKnn = 1,
}
