namespace Mcip.RagPref.Flows;

/// <summary>
/// Settings of the information-flow check (MCIP flows and argument provenance): for a tool call that carries the
/// conversation before it, the guard finds where each value that directs the call's effect came from, and raises the
/// verdict of a call at a sensitive sink whose target came only from untrusted content. Part of the guard's options (<c>GuardOptions.Flows</c>).
/// </summary>
/// <remarks>Not thread-safe while being changed; the guard copies it when created.</remarks>
public sealed class FlowOptions
{
    /// <summary>Gets or sets whether tool calls are checked for untrusted targets. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many of the newest conversation turns are examined. Default 64; 1 to 4,096.</summary>
    public int MaxContextTurns { get; set; } = 64;

    /// <summary>
    /// Gets or sets how many characters of the newest turns are examined (older turns are left out; a turn longer than
    /// what is left keeps its start). Bounds the work an attacker-sized conversation can cause. Default 131,072; 1,024 to 4,194,304.
    /// </summary>
    public int MaxContextCharacters { get; set; } = 131_072;

    /// <summary>
    /// Gets what a tool is, by name, overriding the guard's reading of the name (<see cref="FlowSinkKind.None"/> marks a tool
    /// that is not a sink). By default the name's words decide: send, pay, share, invite, post, upload, write, run, chmod...
    /// </summary>
    public IDictionary<string, FlowSinkKind> Sinks { get; } = new Dictionary<string, FlowSinkKind>(StringComparer.Ordinal);

    /// <summary>Gets the tools whose results count as trusted sources (such as the host's own contact directory). Default empty.</summary>
    public ISet<string> TrustedTools { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets values the host trusts whatever their source (the user's own accounts, the company's domains). Default empty.</summary>
    public ISet<string> TrustedValues { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the folders inside which a file write is not a sensitive sink. Default empty: then relative paths without
    /// <c>..</c> are inside the workspace, and absolute, home (<c>~</c>) and parent paths are outside.
    /// </summary>
    public IList<string> WorkspaceRoots { get; } = [];

    /// <summary>
    /// Gets or sets the share of the store's benign tool outputs that would read as injected instructions if they were the passage
    /// around an untrusted target: it sets the passage threshold (the matching quantile of their scores). A passage is only
    /// scored when a sink's target came from a tool result, so this may be looser than the tool-output Flag rate. Default 0.25.
    /// </summary>
    public double PassageFalsePositiveRate { get; set; } = 0.25;

    /// <summary>
    /// Gets or sets the verdict for a call whose untrusted target sits in a passage that itself reads as an injected instruction
    /// (its score reaches the passage threshold, see <see cref="PassageFalsePositiveRate"/>). Default <see cref="GuardVerdict.Block"/>.
    /// </summary>
    public GuardVerdict InstructedVerdict { get; set; } = GuardVerdict.Block;

    /// <summary>
    /// Gets or sets the verdict for a call whose target came only from a tool result, when the passage around it does not
    /// screen as an injection. Default <see cref="GuardVerdict.Flag"/>.
    /// </summary>
    public GuardVerdict UntrustedVerdict { get; set; } = GuardVerdict.Flag;

    /// <summary>
    /// Gets or sets whether a tool call the flow check finds user-directed is not flagged by the example search alone: every
    /// target came from the user or a trusted source, or from a tool result the user asked the agent to act on (next to a
    /// name the user gave, or in a passage that reads as data). A Block from the example search stands. Default <see langword="true"/>.
    /// </summary>
    public bool TrustUserDirectedCalls { get; set; } = true;

    /// <summary>
    /// Gets or sets whether flow records (logs, activity events, the audit sink) carry values (recipients, URLs) in clear.
    /// Default <see langword="false"/>: a value is written as its kind and a short SHA-256 prefix.
    /// </summary>
    public bool RecordValues { get; set; }

    /// <summary>Gets or sets where every flow record is also written (for example a <see cref="JsonLinesFlowAuditSink"/>). Default none.</summary>
    public IFlowAuditSink? AuditSink { get; set; }

    /// <summary>Lists every problem with these options (empty when valid).</summary>
    /// <returns>One sentence per problem, naming the property and the fix.</returns>
    public IReadOnlyList<string> Validate()
    {
        List<string> problems = [];
        if (MaxContextTurns is < 1 or > 4096)
        {
            problems.Add($"Flows.MaxContextTurns is {MaxContextTurns}; use 1 to 4096 (default 64).");
        }

        if (MaxContextCharacters is < 1024 or > 4_194_304)
        {
            problems.Add($"Flows.MaxContextCharacters is {MaxContextCharacters}; use 1024 to 4194304 (default 131072).");
        }

        if (PassageFalsePositiveRate is not (> 0 and < 1))
        {
            problems.Add($"Flows.PassageFalsePositiveRate is {PassageFalsePositiveRate}; use a rate between 0 and 1 exclusive (default 0.25).");
        }

        if (!Enum.IsDefined(InstructedVerdict) || !Enum.IsDefined(UntrustedVerdict))
        {
            problems.Add("Flows.InstructedVerdict and Flows.UntrustedVerdict must be Allow, Flag or Block.");
        }

        foreach (KeyValuePair<string, FlowSinkKind> sink in Sinks)
        {
            if (!Enum.IsDefined(sink.Value))
            {
                problems.Add($"Flows.Sinks['{sink.Key}'] is {(int)sink.Value}; use a FlowSinkKind value.");
            }
        }

        return problems;
    }

    /// <summary>Returns a deep copy (the audit sink is shared, not copied).</summary>
    /// <returns>A new instance with the same settings.</returns>
    public FlowOptions Clone()
    {
        var copy = new FlowOptions
        {
            Enabled = Enabled,
            MaxContextTurns = MaxContextTurns,
            MaxContextCharacters = MaxContextCharacters,
            PassageFalsePositiveRate = PassageFalsePositiveRate,
            InstructedVerdict = InstructedVerdict,
            UntrustedVerdict = UntrustedVerdict,
            RecordValues = RecordValues,
            TrustUserDirectedCalls = TrustUserDirectedCalls,
            AuditSink = AuditSink,
        };
        foreach (KeyValuePair<string, FlowSinkKind> sink in Sinks)
        {
            copy.Sinks[sink.Key] = sink.Value;
        }

        copy.TrustedTools.UnionWith(TrustedTools);
        copy.TrustedValues.UnionWith(TrustedValues);
        foreach (string root in WorkspaceRoots)
        {
            copy.WorkspaceRoots.Add(root);
        }

        return copy;
    }
}
