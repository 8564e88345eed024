namespace Mcip.RagPref.Flows;

/// <summary>The flow rules' outcome for one tool call, before the MCIP record is made.</summary>
/// <param name="Plan">The call's sink, values and scored passages.</param>
/// <param name="Findings">One finding per untrusted target: the rule that asked for the most severe verdict.</param>
/// <param name="Verdict">The most severe verdict the findings ask for.</param>
/// <param name="UserDirected">Whether every target of the call is accounted for by the user.</param>
internal sealed record FlowRuling(FlowPlan Plan, List<FlowFinding> Findings, GuardVerdict Verdict, bool UserDirected);
