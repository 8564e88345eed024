using System.ComponentModel;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Text;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>
/// A guard result on the wire: the response of <c>POST /v1/guard</c>, the <c>result</c> of <c>POST /v1/compose</c>
/// and the JSON of <c>ragpref check --json</c> and <c>ragpref eval --json</c>. The one contract: responses are
/// serialised from it (<see cref="ServeJsonContext"/>) and the OpenAPI document is generated from it, so the two cannot
/// drift. Members are written in declaration order; <see langword="null"/> members are left out.
/// </summary>
internal sealed record GuardResultBody(
    [property: Description("user_prompt, tool_call, tool_output or tool_description.")] string Surface,
    [property: Description("allow, flag or block.")] string Verdict,
    [property: Description("Attack-likeness score (higher is more attack-like).")] float Score,
    [property: Description("Fraction of the store's benign examples that score lower, in [0, 1].")] float CalibratedScore,
    [property: Description("Mean similarity of the nearest attack examples.")] float AttackScore,
    [property: Description("Mean similarity of the nearest benign examples.")] float BenignScore,
    [property: Description("attack_score minus benign_score.")] float Margin,
    [property: Description("Score at or above which the verdict is flag.")] float FlagThreshold,
    [property: Description("Score at or above which the verdict is block.")] float BlockThreshold,
    [property: Description("The nearest attack and benign examples, most similar first.")] GuardNeighboursBody Neighbours,
    [property: Description("The window of the canonical text that decided.")] GuardWindowBody Window,
    [property: Description("Whether the request was too long to screen whole: a representative part was screened (window.screened of window.count) and the verdict is at least the surface's Oversize verdict.")] bool Oversize,
    [property: Description("What canonicalisation found (invisible characters, hidden tag text, bidi controls, look-alike letters, base64).")] IReadOnlyList<string> Findings,
    [property: Description("Text hidden in Unicode tag characters, when there was any.")] string? HiddenTagText,
    [property: Description("Where the guard's time went, in milliseconds.")] GuardTimingsBody TimingsMs,
    [property: Description("Set when the guard could not decide and a failure policy chose the verdict.")] GuardFailureBody? Failure,
    [property: Description("The composed RAG-Pref guidance for this request (the system message text).")] string? Context,
    [property: Description("The verdict of the example search alone, before the information-flow rules.")] string RetrievalVerdict,
    [property: Description("What the information-flow check found: the sink, each value's provenance, the rules that fired, and the MCIP flow record.")] FlowBody? Flow)
{
    /// <summary>The wire form of <paramref name="result"/>.</summary>
    /// <param name="result">The result.</param>
    /// <param name="includeContext">Whether to carry the composed context (the evaluation output leaves it out).</param>
    /// <param name="failureText">Rewrites the failure's reason (the HTTP service strips file paths from it), or <see langword="null"/> to keep it.</param>
    public static GuardResultBody From(GuardResult result, bool includeContext, Func<string, string>? failureText = null)
    {
        var findings = new List<string>();
        foreach (CanonicalizationSignals flag in Enum.GetValues<CanonicalizationSignals>())
        {
            if (flag != CanonicalizationSignals.None && result.Findings.Flags.HasFlag(flag))
            {
                findings.Add(flag.ToString());
            }
        }

        return new GuardResultBody(
            GuardNames.Surface(result.Surface),
            GuardNames.Verdict(result.Verdict),
            result.Score,
            result.CalibratedScore,
            result.AttackScore,
            result.BenignScore,
            result.Margin,
            result.Policy.FlagThreshold,
            result.Policy.BlockThreshold,
            new GuardNeighboursBody(GuardNeighbourBody.From(result.AttackNeighbours), GuardNeighbourBody.From(result.BenignNeighbours)),
            new GuardWindowBody(result.DecidingWindow.Start, result.DecidingWindow.Length, result.WindowCount, result.ScreenedWindows),
            result.Oversize,
            findings,
            result.Findings.HiddenTagText.Length > 0 ? result.Findings.HiddenTagText : null,
            new GuardTimingsBody(
                result.Timings.Canonicalize.TotalMilliseconds,
                result.Timings.Embed.TotalMilliseconds,
                result.Timings.Search.TotalMilliseconds,
                result.Timings.Compose.TotalMilliseconds,
                result.Timings.Total.TotalMilliseconds),
            result.Failure is { } failure
                ? new GuardFailureBody(failureText is null ? failure.Reason : failureText(failure.Reason), failure.ErrorType, failure.FailedClosed)
                : null,
            includeContext ? result.Context : null,
            GuardNames.Verdict(result.RetrievalVerdict),
            result.Flow is { } flow ? FlowBody.From(flow) : null);
    }
}
