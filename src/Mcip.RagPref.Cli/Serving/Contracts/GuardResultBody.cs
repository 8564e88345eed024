using System.ComponentModel;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>
/// The response of <c>POST /v1/guard</c>: documents, for the OpenAPI description, the shape
/// <see cref="Guarding.GuardResultJson"/> writes (the same JSON as <c>ragpref check --json</c>).
/// </summary>
internal sealed record GuardResultBody(
    [property: Description("user_prompt, tool_call, tool_output or tool_description.")] string Surface,
    [property: Description("allow, flag or block.")] string Verdict,
    [property: Description("Attack-likeness score (higher is more attack-like).")] double Score,
    [property: Description("Fraction of the store's benign examples that score lower, in [0, 1].")] double CalibratedScore,
    [property: Description("Mean similarity of the nearest attack examples.")] double AttackScore,
    [property: Description("Mean similarity of the nearest benign examples.")] double BenignScore,
    [property: Description("attack_score minus benign_score.")] double Margin,
    [property: Description("Score at or above which the verdict is flag.")] double FlagThreshold,
    [property: Description("Score at or above which the verdict is block.")] double BlockThreshold,
    [property: Description("The nearest attack and benign examples, most similar first.")] GuardNeighboursBody Neighbours,
    [property: Description("The window of the canonical text that decided.")] GuardWindowBody Window,
    [property: Description("What canonicalisation found (invisible characters, hidden tag text, bidi controls, look-alike letters, base64).")] IReadOnlyList<string> Findings,
    [property: Description("Text hidden in Unicode tag characters, when there was any.")] string? HiddenTagText,
    [property: Description("Where the guard's time went, in milliseconds.")] GuardTimingsBody TimingsMs,
    [property: Description("Set when the guard could not decide and a failure policy chose the verdict.")] GuardFailureBody? Failure,
    [property: Description("The composed RAG-Pref guidance for this request (the system message text).")] string Context,
    [property: Description("The verdict of the example search alone, before the information-flow rules.")] string? RetrievalVerdict = null,
    [property: Description("Whether the request was too long to screen whole: a representative part was screened (window.screened of window.count) and the verdict is at least the surface's Oversize verdict.")] bool Oversize = false,
    [property: Description("What the information-flow check found: the sink, each value's provenance, the rules that fired, and the MCIP flow record.")] FlowBody? Flow = null);
