using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// One labelled item as the guard judged it, offered to the top-misses tables of an <see cref="EvaluationReport"/>
/// (<see cref="EvaluationReport.OfferMiss"/>). It is a miss when it is benign and was flagged or blocked (a false
/// positive) or an attack that was allowed (a false negative).
/// </summary>
/// <param name="Surface">The surface the item was screened on; the tables are per surface.</param>
/// <param name="Id">The item's id in its data file.</param>
/// <param name="Text">The text the guard screened; the report keeps an excerpt only (see <see cref="EvaluationReport.ExcerptLength"/>).</param>
/// <param name="IsAttack"><see langword="true"/> for an attack, <see langword="false"/> for a benign item.</param>
/// <param name="Score">The guard's score (higher is more attack-like); must be finite.</param>
/// <param name="Verdict">The guard's verdict.</param>
internal readonly record struct EvaluatedItem(GuardSurface Surface, string Id, string Text, bool IsAttack, double Score, GuardVerdict Verdict)
{
    /// <summary>Gets the data file or set the item comes from, or <see langword="null"/> (the default).</summary>
    public string? DataSet { get; init; }

    /// <summary>Gets whether the verdict is wrong for the label: a benign item flagged or blocked, or an attack allowed.</summary>
    public bool IsMiss => IsAttack ? Verdict == GuardVerdict.Allow : Verdict != GuardVerdict.Allow;
}
