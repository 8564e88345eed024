namespace Mcip.RagPref.Stores;

/// <summary>An input accepted by an <see cref="AddPlan"/> and the consecutive units it became.</summary>
/// <param name="Id">The input's id (for a chunked input, the parent id).</param>
/// <param name="Origin">Where the input was read from, or <see langword="null"/>.</param>
/// <param name="FirstUnit">Index of its first unit in <see cref="AddPlan.Units"/>.</param>
/// <param name="UnitCount">How many units it became (1, or the number of chunks).</param>
internal readonly record struct PlannedInput(string Id, string? Origin, int FirstUnit, int UnitCount);
