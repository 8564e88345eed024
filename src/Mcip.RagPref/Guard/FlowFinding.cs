using Mcip.RagPref.Scoring.Flows;

namespace Mcip.RagPref.Guard;

/// <summary>A flow rule that fired on a tool call: the value, where it came from, how the passage around it screened, and the verdict it asks for.</summary>
/// <param name="Rule">The rule: <c>instructed-untrusted-target</c> (the passage screens as an injection) or <c>untrusted-target</c>.</param>
/// <param name="Value">The value and its provenance.</param>
/// <param name="Sink">The kind of sink the call is.</param>
/// <param name="PassageScore">The guard's score of the passage around the value in its source (tool-output surface).</param>
/// <param name="Verdict">The verdict the rule asks for.</param>
/// <param name="Explanation">One sentence naming the value, its source, the passage's score and the rule.</param>
/// <param name="Passage">The passage around the value in its source, as it was scored.</param>
public sealed record FlowFinding(string Rule, FlowValue Value, FlowSinkKind Sink, float PassageScore, GuardVerdict Verdict, string Explanation, string Passage);
