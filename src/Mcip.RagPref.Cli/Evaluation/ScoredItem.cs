namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>One labelled, scored item of an evaluation: the input of every metric in this namespace.</summary>
/// <param name="IsAttack"><see langword="true"/> for an attack (the positive class), <see langword="false"/> for a benign item.</param>
/// <param name="Score">
/// How attack-like the item scored: higher means more attack-like. Must be finite. The metrics treat an item as
/// flagged at threshold <c>t</c> when <c>Score &gt;= t</c>.
/// </param>
/// <param name="Category">An optional category (for per-category rates); <see langword="null"/> or empty counts as uncategorised.</param>
internal readonly record struct ScoredItem(bool IsAttack, double Score, string? Category = null);
