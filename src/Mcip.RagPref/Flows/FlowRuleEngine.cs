using System.Globalization;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Text;
using static Mcip.RagPref.Flows.FlowFinding;

namespace Mcip.RagPref.Flows;

/// <summary>
/// The information-flow check of tool calls: finds a call's sink, its argument values and their provenance in the
/// conversation, adds the passages around untrusted targets to the request's embedding batch, and applies the flow rules
/// to their scores. Its outcome is a <see cref="FlowRuling"/>; <see cref="FlowRecorder"/> turns it into the MCIP record.
/// </summary>
/// <remarks>Immutable after construction and thread-safe: one engine serves every call of a guard.</remarks>
internal sealed class FlowRuleEngine
{
    /// <summary>At most this many passages (places untrusted targets came from) are scored for one call.</summary>
    internal const int MaxPassages = 8;

    /// <summary>At most this many sentences of one passage are scored.</summary>
    private const int PassageUnits = 8;

    private readonly FlowOptions _flows;
    private readonly int _windowSize;
    private readonly TextCanonicalizer _canonicalizer;
    private readonly IReadOnlySet<string> _trustedTools;

    /// <summary>Creates the engine over the guard's (already copied) flow options, its window size in characters and its canonicaliser.</summary>
    public FlowRuleEngine(FlowOptions flows, int windowSize, TextCanonicalizer canonicalizer)
    {
        _flows = flows;
        _windowSize = windowSize;
        _canonicalizer = canonicalizer;
        _trustedTools = System.Collections.Frozen.FrozenSet.ToFrozenSet(flows.TrustedTools, StringComparer.Ordinal);
    }

    /// <summary>Finds the sink, the values and their provenance of a tool call; <see langword="null"/> for other surfaces or when the check is off.</summary>
    public FlowPlan? Plan(GuardRequest request)
    {
        FlowOptions flows = _flows;
        if (!flows.Enabled || request.Surface != GuardSurface.ToolCall || request.ToolName is null)
        {
            return null;
        }

        FlowSinkKind sink = flows.Sinks.TryGetValue(request.ToolName, out FlowSinkKind marked) ? marked : SinkClassifier.Classify(request.ToolName);
        List<ExtractedValue> extracted = ArgumentValues.Extract(request.Arguments);
        var index = new ProvenanceIndex(request.Context, flows.MaxContextTurns, flows.MaxContextCharacters, _trustedTools, flows.TrustedValues);
        var values = new List<FlowValue>(extracted.Count);
        var candidates = new List<(int, string, string?)>();
        int? unjudged = null;
        Anchoring? anchoring = null;
        foreach (ExtractedValue e in extracted)
        {
            bool target = IsTarget(sink, e);
            ProvenanceIndex.Located found = index.Locate(e.Kind, e.Value);
            values.Add(new FlowValue(e.Kind, e.Path, e.Value, target, found.Source, found.Tool, found.TurnIndex));
            if (target)
            {
                foreach (ProvenanceIndex.Occurrence place in found.Occurrences)
                {
                    if (candidates.Count == MaxPassages)
                    {
                        // Bounded work: an attacker-sized call (many recipients, each quoted in a tool result) embeds at most
                        // MaxPassages passages; a target past it is not judged by a passage and raises the call to
                        // UntrustedVerdict instead (never silently allowed).
                        unjudged ??= values.Count - 1;
                        break;
                    }

                    anchoring ??= new Anchoring(index.UserTexts);
                    candidates.Add((values.Count - 1, SourceSegment.Around(place.Text, place.Start, place.End), anchoring.Find(place.Text, place.Start, place.End)));
                }
            }
        }

        // The user's words matter only to the rules, which judge untrusted targets: most calls have none, and skip the scan.
        int requested = 0;
        int userValueKinds = 0;
        if (candidates.Count > 0 || unjudged is not null)
        {
            foreach (string text in index.UserTexts)
            {
                requested |= UserIntent.Kinds(text);
                userValueKinds |= ArgumentValues.KindsIn(text);
            }
        }

        return new FlowPlan
        {
            Sink = sink,
            Values = values,
            Candidates = candidates,
            // Any sensitive action counts as asked for: the user's words name actions loosely ("take care of the bill",
            // "book it with my profile e-mail"), and the rule is for calls in conversations where the user asked for none.
            Requested = requested != 0,
            UserValueKinds = userValueKinds,
            HadContext = request.Context.Count > 0,
            ContextTruncated = index.Truncated,
            Unjudged = unjudged,
        };
    }

    /// <summary>
    /// Adds the texts each candidate passage is scored by (the passage, then its sentences and lines) to <paramref name="texts"/>;
    /// returns, per candidate, the end (exclusive) of its texts.
    /// </summary>
    public int[] AddPassages(FlowPlan plan, List<string> texts)
    {
        int[] ends = new int[plan.Candidates.Count];
        for (int c = 0; c < ends.Length; c++)
        {
            string passage = _canonicalizer.Canonicalize(plan.Candidates[c].Passage).Text;
            texts.Add(passage);
            IReadOnlyList<string> units = IntentUnits.Split(
                plan.Candidates[c].Passage, GuardSurface.ToolOutput, _windowSize, PassageUnits, line => _canonicalizer.Canonicalize(line).Text);
            if (units.Count > 1)
            {
                foreach (string unit in units)
                {
                    if (!string.Equals(unit, passage, StringComparison.Ordinal))
                    {
                        texts.Add(unit);
                    }
                }
            }

            ends[c] = texts.Count;
        }

        return ends;
    }

    /// <summary>Whether a value directs the effect of a call at <paramref name="sink"/>: its recipient, destination, written path or command.</summary>
    private bool IsTarget(FlowSinkKind sink, ExtractedValue value)
    {
        if (sink == FlowSinkKind.None)
        {
            return false;
        }

        switch (value.Kind)
        {
            case FlowValueKind.EmailAddress or FlowValueKind.PhoneNumber or FlowValueKind.AccountNumber or FlowValueKind.UserName:
                // A whole argument that names a party is who the effect reaches, whatever the sink (an attendee of a created
                // event, the grantee of a share); an address inside a message body is content, not a recipient.
                return !value.InText;
            case FlowValueKind.Url:
                return sink is FlowSinkKind.Send or FlowSinkKind.Post or FlowSinkKind.Execute || !value.InText;
            case FlowValueKind.FilePath:
                return sink is FlowSinkKind.Write or FlowSinkKind.Permissions or FlowSinkKind.Execute or FlowSinkKind.Post && IsOutsideWorkspace(value.Value);
            case FlowValueKind.Command:
                return sink == FlowSinkKind.Execute;
            default:
                return false;
        }
    }

    /// <summary>Whether a written path leaves the workspace: outside every <see cref="FlowOptions.WorkspaceRoots"/>, or, with none set, absolute, home or parent paths.</summary>
    private bool IsOutsideWorkspace(string path)
    {
        string p = path.Trim().Replace('\\', '/');
        bool rooted = p.StartsWith('/') || p.StartsWith('~') || (p.Length >= 2 && p[1] == ':') || p.StartsWith("//", StringComparison.Ordinal);
        bool climbs = p == ".." || p.StartsWith("../", StringComparison.Ordinal) || p.Contains("/../", StringComparison.Ordinal) || p.EndsWith("/..", StringComparison.Ordinal);
        IList<string> roots = _flows.WorkspaceRoots;
        if (roots.Count == 0)
        {
            return rooted || climbs;
        }

        if (!rooted)
        {
            return climbs;
        }

        foreach (string root in roots)
        {
            string r = root.Replace('\\', '/').TrimEnd('/') + "/";
            if (!climbs && p.StartsWith(r, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Applies the flow rules to the scored passages of <paramref name="plan"/>. For each untrusted target, the place it came
    /// from that asks for the most severe verdict decides:
    /// <list type="bullet">
    /// <item><c>substituted-target</c> (<see cref="FlowOptions.InstructedVerdict"/> when the passage reads as an instruction, else <see cref="FlowOptions.UntrustedVerdict"/>): the user wrote a value of this kind themselves, and the call's target is another one that came from a tool result.</item>
    /// <item><c>instructed-untrusted-target</c> (<see cref="FlowOptions.InstructedVerdict"/>): the passage reads as an injected instruction and the user asked for no sensitive action.</item>
    /// <item><c>unrequested-untrusted-target</c> (<see cref="FlowOptions.UntrustedVerdict"/>): the user asked for no sensitive action, though the passage does not read as an instruction.</item>
    /// <item><c>unanchored-untrusted-target</c> (<see cref="FlowOptions.UntrustedVerdict"/>): the user asked for an action, but the passage reads as an instruction and nothing near the value is something the user named.</item>
    /// <item><c>untrusted-target</c> (allowed, for the record): the user asked for an action and the value sits next to a name the user gave, or the passage reads as data.</item>
    /// </list>
    /// </summary>
    public FlowRuling Assess(FlowPlan plan, ReadOnlySpan<float> passageScores, float passageThreshold)
    {
        FlowOptions flows = _flows;
        var best = new Dictionary<int, FlowFinding>();
        string threshold = passageThreshold.ToString("0.000", CultureInfo.InvariantCulture);
        for (int i = 0; i < plan.Candidates.Count; i++)
        {
            (int valueIndex, string passage, string? anchor) = plan.Candidates[i];
            FlowValue value = plan.Values[valueIndex];
            float score = passageScores[i];
            bool instructed = score >= passageThreshold;
            bool substituted = (plan.UserValueKinds & (1 << (int)value.Kind)) != 0;
            (string rule, GuardVerdict asked, string why) = (instructed, plan.Requested, anchor) switch
            {
                _ when substituted => (SubstitutedTargetRule, instructed ? flows.InstructedVerdict : flows.UntrustedVerdict,
                    $"the user wrote a {Describe(value.Kind)} of their own, and this one is not it (the passage around it scores {score.ToString("0.000", CultureInfo.InvariantCulture)}, threshold {threshold})"),
                (true, false, _) => (InstructedUntrustedTargetRule, flows.InstructedVerdict,
                    $"the passage around it reads as an instruction (score {score.ToString("0.000", CultureInfo.InvariantCulture)} >= {threshold}) and the user asked for no sensitive action"),
                (false, false, _) => (UnrequestedUntrustedTargetRule, flows.UntrustedVerdict,
                    $"the user asked for no sensitive action (the passage around it scores {score.ToString("0.000", CultureInfo.InvariantCulture)}, below {threshold})"),
                (true, true, null) => (UnanchoredUntrustedTargetRule, flows.UntrustedVerdict,
                    $"the user asked for an action, but the passage around it reads as an instruction (score {score.ToString("0.000", CultureInfo.InvariantCulture)} >= {threshold}) and names nothing the user named"),
                (true, true, _) => (UntrustedTargetRule, GuardVerdict.Allow,
                    $"the passage reads as an instruction (score {score.ToString("0.000", CultureInfo.InvariantCulture)}), but the user asked for an action and the value sits next to '{anchor}', which the user named"),
                _ => (UntrustedTargetRule, GuardVerdict.Allow,
                    $"the user asked for an action and the passage around it reads as data (score {score.ToString("0.000", CultureInfo.InvariantCulture)}, below {threshold})"),
            };
            string explanation = string.Create(
                CultureInfo.InvariantCulture,
                $"{Describe(value.Kind)} '{value.Value}' ({value.ArgumentPath}) came only from the result of {value.SourceTool ?? "a tool"} (turn {value.SourceTurn}), never from the user; {why}: rule {rule}, {GuardNames.Verdict(asked)}.");
            var finding = new FlowFinding(rule, value, plan.Sink, score, asked, explanation, passage);
            if (!best.TryGetValue(valueIndex, out FlowFinding? previous)
                || asked > previous.Verdict
                || (asked == previous.Verdict && score > previous.PassageScore))
            {
                best[valueIndex] = finding;
            }
        }

        if (plan.Unjudged is int skipped && !best.ContainsKey(skipped))
        {
            FlowValue value = plan.Values[skipped];
            best[skipped] = new FlowFinding(
                UnjudgedUntrustedTargetRule,
                value,
                plan.Sink,
                float.NaN,
                flows.UntrustedVerdict,
                string.Create(CultureInfo.InvariantCulture, $"{Describe(value.Kind)} '{value.Value}' ({value.ArgumentPath}) came only from the result of {value.SourceTool ?? "a tool"} (turn {value.SourceTurn}), and the call has more than {MaxPassages} such places to judge: rule {UnjudgedUntrustedTargetRule}, {GuardNames.Verdict(flows.UntrustedVerdict)}."),
                string.Empty);
        }

        var findings = new List<FlowFinding>(best.Count);
        GuardVerdict verdict = GuardVerdict.Allow;
        foreach (FlowFinding finding in best.Values)
        {
            findings.Add(finding);
            verdict = finding.Verdict > verdict ? finding.Verdict : verdict;
        }

        return new FlowRuling(plan, findings, verdict, UserDirected(plan, findings));
    }

    /// <summary>
    /// Whether every target of the call is accounted for by the user: it came from the user or a trusted source, or the
    /// untrusted-target rule allowed it (the user asked for an action and the value is tied to what they named or reads as data).
    /// </summary>
    private static bool UserDirected(FlowPlan plan, List<FlowFinding> findings)
    {
        if (!plan.HadContext)
        {
            return false;
        }

        bool any = false;
        foreach (FlowValue value in plan.Values)
        {
            if (!value.IsTarget)
            {
                continue;
            }

            any = true;
            if (value.Source is FlowSourceKind.Nowhere)
            {
                return false;
            }
        }

        foreach (FlowFinding finding in findings)
        {
            if (finding.Verdict != GuardVerdict.Allow)
            {
                return false;
            }
        }

        return any;
    }

    internal static string Describe(FlowValueKind kind) => kind switch
    {
        FlowValueKind.EmailAddress => "e-mail address",
        FlowValueKind.PhoneNumber => "phone number",
        FlowValueKind.AccountNumber => "account",
        FlowValueKind.Url => "URL",
        FlowValueKind.UserName => "user",
        FlowValueKind.FilePath => "path",
        FlowValueKind.Amount => "amount",
        _ => "command",
    };
}
