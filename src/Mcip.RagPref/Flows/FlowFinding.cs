namespace Mcip.RagPref.Flows;

/// <summary>A flow rule that fired on a tool call: the value, where it came from, how the passage around it screened, and the verdict it asks for.</summary>
/// <param name="Rule">The rule: one of the rule names below, such as <see cref="InstructedUntrustedTargetRule"/>.</param>
/// <param name="Value">The value and its provenance.</param>
/// <param name="Sink">The kind of sink the call is.</param>
/// <param name="PassageScore">The guard's score of the passage around the value in its source (tool-output surface).</param>
/// <param name="Verdict">The verdict the rule asks for.</param>
/// <param name="Explanation">One sentence naming the value, its source, the passage's score and the rule.</param>
/// <param name="Passage">The passage around the value in its source, as it was scored.</param>
public sealed record FlowFinding(string Rule, FlowValue Value, FlowSinkKind Sink, float PassageScore, GuardVerdict Verdict, string Explanation, string Passage)
{
    /// <summary>Rule name: an untrusted target sits in a passage that itself screens as an injection.</summary>
    public const string InstructedUntrustedTargetRule = "instructed-untrusted-target";

    /// <summary>Rule name: a target at a sensitive sink came only from a tool result, and the other rules did not fire (allowed, for the record).</summary>
    public const string UntrustedTargetRule = "untrusted-target";

    /// <summary>Rule name: the user wrote a value of this kind (an address, a URL, an IBAN), and the call's untrusted target is a different one.</summary>
    public const string SubstitutedTargetRule = "substituted-target";

    /// <summary>Rule name: an untrusted target left unjudged because the call had more places to score than the bound allows.</summary>
    public const string UnjudgedUntrustedTargetRule = "unjudged-untrusted-target";

    /// <summary>Rule name: an untrusted target of an action the user never asked for.</summary>
    public const string UnrequestedUntrustedTargetRule = "unrequested-untrusted-target";

    /// <summary>Rule name: an untrusted target in an instruction-like passage that names nothing the user named.</summary>
    public const string UnanchoredUntrustedTargetRule = "unanchored-untrusted-target";

    /// <summary>Rule name recorded when a retrieval Flag is lifted because the call is user-directed (see <see cref="FlowOptions.TrustUserDirectedCalls"/>).</summary>
    public const string UserDirectedRule = "user-directed";
}

