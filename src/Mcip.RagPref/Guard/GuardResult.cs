using Mcip.RagPref.Requests;
using Mcip.RagPref.Text;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Guard;

/// <summary>The explainable outcome of screening one request: neighbours, scores, verdict, prompt context, timings.</summary>
/// <remarks>
/// A blocked request is a result, not an exception. All similarities are cosines in [-1, 1]; every score is
/// "higher means more attack-like". For windowed texts the numbers are those of the deciding window.
/// </remarks>
public sealed class GuardResult
{
    /// <summary>The surface the request came from.</summary>
    public required GuardSurface Surface { get; init; }

    /// <summary>Allow, Flag or Block, from <see cref="Score"/> and the surface's thresholds.</summary>
    public required GuardVerdict Verdict { get; init; }

    /// <summary>The attack-likeness score of the configured <see cref="GuardOptions.Scoring"/> method.</summary>
    public required float Score { get; init; }

    /// <summary>
    /// The score calibrated on the store's own benign examples (leave-one-out): the fraction of them that score
    /// lower than this request, in [0, 1]. 0.99 means the request is more attack-like than 99% of benign examples.
    /// </summary>
    public required float CalibratedScore { get; init; }

    /// <summary>Mean similarity of the <see cref="GuardOptions.NeighboursPerLabel"/> nearest attack examples.</summary>
    public required float AttackScore { get; init; }

    /// <summary>Mean similarity of the <see cref="GuardOptions.NeighboursPerLabel"/> nearest benign examples.</summary>
    public required float BenignScore { get; init; }

    /// <summary><see cref="AttackScore"/> minus <see cref="BenignScore"/>: the RAG-Pref research margin.</summary>
    public float Margin => AttackScore - BenignScore;

    /// <summary>The nearest attack examples, most similar first.</summary>
    public required IReadOnlyList<GuardNeighbour> AttackNeighbours { get; init; }

    /// <summary>The nearest benign examples, most similar first.</summary>
    public required IReadOnlyList<GuardNeighbour> BenignNeighbours { get; init; }

    /// <summary>The thresholds that produced <see cref="Verdict"/>.</summary>
    public required SurfacePolicy Policy { get; init; }

    /// <summary>The canonical text that was embedded (all windows).</summary>
    public required string CanonicalText { get; init; }

    /// <summary>What canonicalisation found: invisible characters, hidden tag text, bidi controls, look-alike letters, base64.</summary>
    public required CanonicalizationFindings Findings { get; init; }

    /// <summary>The most attack-like window of <see cref="CanonicalText"/> (the whole text when it fits one window).</summary>
    public required TextWindow DecidingWindow { get; init; }

    /// <summary>How many windows the text was split into (1 for short texts).</summary>
    public required int WindowCount { get; init; }

    /// <summary>
    /// How many of the <see cref="WindowCount"/> windows the encoder saw: all of them, unless the request is
    /// <see cref="Oversize"/>. 0 for failure results.
    /// </summary>
    public int ScreenedWindows { get; init; }

    /// <summary>
    /// Whether the request was too large to screen whole within the work budget (<see cref="GuardOptions.MaxCharacters"/>,
    /// <see cref="GuardOptions.MaxWindows"/>): only a representative part of it was screened (<see cref="ScreenedWindows"/>
    /// of <see cref="WindowCount"/> windows), and the verdict is at least the surface's <see cref="GuardOptions.Oversize"/>
    /// verdict. Also set on a failure result whose verdict was raised because the request was large.
    /// </summary>
    public bool Oversize { get; init; }

    /// <summary>
    /// The canonical text of the unit or window whose score decided: an intent unit (a sentence, a line, one argument
    /// of a tool call, one sentence or parameter of a tool description) or a window of the whole text. Empty for failure results.
    /// </summary>
    public string DecidingUnit { get; init; } = string.Empty;

    /// <summary>How many intent units were scored besides the windows (0 when the text is a single unit, or units are off).</summary>
    public int UnitCount { get; init; }

    /// <summary>The composed RAG-Pref guidance (the system message text) for this request; empty when no stored example reached <see cref="GuardOptions.RelevanceFloor"/>.</summary>
    public required string Context { get; init; }

    /// <summary>The store version the neighbours came from.</summary>
    public required long StoreVersion { get; init; }

    /// <summary>Where the time went.</summary>
    public required GuardTimings Timings { get; init; }

    /// <summary>
    /// Why the guard could not decide, when this result was made by a failure policy instead of a search
    /// (see <see cref="ForFailure(GuardRequest, GuardFailure, TimeSpan)"/>); <see langword="null"/> for every ordinary result.
    /// </summary>
    public GuardFailure? Failure { get; init; }

    /// <summary>
    /// Gets the verdict of the example search alone, before the information-flow rules (see <see cref="Flow"/>); equal to
    /// <see cref="Verdict"/> unless a flow rule raised it.
    /// </summary>
    public GuardVerdict RetrievalVerdict { get; init; }

    /// <summary>
    /// Gets what the information-flow check found: for a tool call, its sink, the provenance of its values and the rules
    /// that fired; for every request, its MCIP flow record. <see langword="null"/> when <see cref="FlowOptions.Enabled"/> is off
    /// and for failure results.
    /// </summary>
    public FlowAssessment? Flow { get; init; }

    /// <summary>
    /// Creates the result a failure policy returns when the guard itself failed (timeout, native error): no
    /// neighbours, no context, <see cref="Verdict"/> Block when failing closed and Allow when failing open, and
    /// <see cref="Score"/> 1 or 0 to match.
    /// </summary>
    /// <param name="request">The request that could not be screened.</param>
    /// <param name="failure">What went wrong and which way the policy decided.</param>
    /// <param name="elapsed">How long the failed attempt took.</param>
    /// <returns>The failure result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="failure"/> is <see langword="null"/>.</exception>
    public static GuardResult ForFailure(GuardRequest request, GuardFailure failure, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return ForFailure(request, failure, elapsed, failure.FailedClosed ? GuardVerdict.Block : GuardVerdict.Allow, oversize: false);
    }

    /// <summary>
    /// Creates the result a failure policy returns, with the verdict the policy chose (for example Flag for a large request
    /// that a fail-open policy must not allow unscreened); <see cref="Score"/> is 0 for Allow and 1 otherwise.
    /// </summary>
    /// <param name="request">The request that could not be screened.</param>
    /// <param name="failure">What went wrong.</param>
    /// <param name="elapsed">How long the failed attempt took.</param>
    /// <param name="verdict">The verdict the policy chose.</param>
    /// <param name="oversize">The result's <see cref="Oversize"/>: whether the verdict was raised because the request was large.</param>
    /// <returns>The failure result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="failure"/> is <see langword="null"/>.</exception>
    public static GuardResult ForFailure(GuardRequest request, GuardFailure failure, TimeSpan elapsed, GuardVerdict verdict, bool oversize)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        float score = verdict == GuardVerdict.Allow ? 0f : 1f;
        return new GuardResult
        {
            Surface = request.Surface,
            Verdict = verdict,
            RetrievalVerdict = verdict,
            Score = score,
            CalibratedScore = score,
            AttackScore = 0f,
            BenignScore = 0f,
            AttackNeighbours = [],
            BenignNeighbours = [],
            Policy = new SurfacePolicy(1f, 1f),
            CanonicalText = string.Empty,
            Findings = CanonicalizationFindings.None,
            DecidingWindow = new TextWindow(0, 0, string.Empty),
            WindowCount = 0,
            Context = string.Empty,
            StoreVersion = -1,
            Timings = new GuardTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, elapsed),
            Failure = failure,
            Oversize = oversize,
        };
    }
}
