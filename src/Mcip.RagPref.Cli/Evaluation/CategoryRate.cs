namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>
/// The share of one category's items that a threshold flags: recall for attack categories, the false-positive
/// rate for benign ones.
/// </summary>
/// <param name="Category">The category; items without one are reported under an empty string.</param>
/// <param name="IsAttack">Whether the row counts attacks (recall) or benign items (false-positive rate).</param>
/// <param name="Count">Items of this category and label.</param>
/// <param name="Flagged">Of those, the items with <c>Score &gt;= threshold</c>.</param>
internal readonly record struct CategoryRate(string Category, bool IsAttack, int Count, int Flagged)
{
    /// <summary>Gets <see cref="Flagged"/> divided by <see cref="Count"/> (never computed for an empty category).</summary>
    public double Rate => (double)Flagged / Count;
}
