namespace Mcip.RagPref.Guard;

/// <content>The names of the flow rules (applied by <see cref="FlowRuleEngine"/>, recorded by <see cref="FlowRecorder"/>).</content>
public sealed partial class RagPrefGuard
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

    /// <summary>At most this many passages (places untrusted targets came from) are scored for one call.</summary>
    internal const int MaxPassages = FlowRuleEngine.MaxPassages;
}
