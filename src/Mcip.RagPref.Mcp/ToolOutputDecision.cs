using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Mcp;

/// <summary>What <see cref="ToolOutputScreen"/> decided about one tool output.</summary>
/// <param name="Result">The guard's screening.</param>
/// <param name="Refusal">The text that replaces a blocked output, else <see langword="null"/>.</param>
/// <param name="Notice">The notice that goes in front of a flagged output when marking is on, else <see langword="null"/>.</param>
internal sealed record ToolOutputDecision(GuardResult Result, string? Refusal, string? Notice);
