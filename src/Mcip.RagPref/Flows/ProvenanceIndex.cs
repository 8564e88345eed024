using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Flows;

/// <summary>
/// The conversation before a tool call, indexed for finding where a value came from. Only the newest turns within the
/// limits are kept (older ones are dropped whole; a turn longer than what is left keeps its start); the normalised forms of
/// a turn are built on first use. Not thread-safe: one index serves one request.
/// </summary>
internal sealed class ProvenanceIndex
{
    private readonly List<Entry> _entries;
    private readonly IReadOnlySet<string> _trustedTools;
    private readonly HashSet<string> _trustedValues;

    public ProvenanceIndex(IReadOnlyList<ConversationTurn> turns, int maxTurns, int maxCharacters, IReadOnlySet<string> trustedTools, IEnumerable<string> trustedValues)
    {
        _trustedTools = trustedTools;
        _trustedValues = [];
        foreach (string value in trustedValues)
        {
            foreach (FlowValueKind kind in Enum.GetValues<FlowValueKind>())
            {
                _trustedValues.Add(Key(kind, value));
            }
        }

        _entries = [];
        int budget = maxCharacters;
        for (int i = turns.Count - 1; i >= 0 && _entries.Count < maxTurns && budget > 0; i--)
        {
            ConversationTurn turn = turns[i];
            if (turn.Role == ConversationRole.Assistant || turn.Content.Length == 0)
            {
                continue;
            }

            string text = turn.Content.Length <= budget ? turn.Content : turn.Content[..budget];
            budget -= text.Length;
            Truncated |= text.Length < turn.Content.Length;
            _entries.Add(new Entry(i, turn, text));
        }

        Truncated |= _entries.Count < CountSources(turns);
        _entries.Reverse();
    }

    /// <summary>Gets the texts of the user messages examined, oldest first.</summary>
    public IEnumerable<string> UserTexts
    {
        get
        {
            foreach (Entry entry in _entries)
            {
                if (entry.Turn.Role == ConversationRole.User)
                {
                    yield return entry.Text;
                }
            }
        }
    }

    /// <summary>Gets whether some of the conversation was left out because of the limits.</summary>
    public bool Truncated { get; }

    /// <summary>
    /// Finds where <paramref name="value"/> came from: the first trusted turn that holds it, else the tool results that hold
    /// it (up to <see cref="MaxOccurrences"/> places, oldest first), else nowhere.
    /// </summary>
    public Located Locate(FlowValueKind kind, string value)
    {
        if (_trustedValues.Contains(Key(kind, value)))
        {
            return new Located(FlowSourceKind.TrustedValue, -1, null, []);
        }

        FlowNeedle needle = FlowNeedle.For(kind, value);
        if (needle.Needle.Length < (needle.Alphanumeric ? 6 : 2))
        {
            return Located.Nowhere;
        }

        List<Occurrence>? untrusted = null;
        foreach (Entry entry in _entries)
        {
            FlowSourceKind source = entry.Turn.Role switch
            {
                ConversationRole.User => FlowSourceKind.User,
                ConversationRole.System => FlowSourceKind.System,
                _ when entry.Turn.Tool is not null && _trustedTools.Contains(entry.Turn.Tool) => FlowSourceKind.TrustedTool,
                _ => FlowSourceKind.ToolResult,
            };
            if (source != FlowSourceKind.ToolResult)
            {
                if (entry.Find(needle, 1).Count > 0)
                {
                    return new Located(source, entry.TurnIndex, entry.Turn.Tool, []);
                }

                continue;
            }

            if (untrusted is null || untrusted.Count < MaxOccurrences)
            {
                foreach ((int start, int end) in entry.Find(needle, MaxOccurrences - (untrusted?.Count ?? 0)))
                {
                    (untrusted ??= []).Add(new Occurrence(entry.TurnIndex, entry.Turn.Tool, entry.Text, start, end));
                }
            }
        }

        return untrusted is null
            ? Located.Nowhere
            : new Located(FlowSourceKind.ToolResult, untrusted[0].TurnIndex, untrusted[0].Tool, untrusted);
    }

    /// <summary>At most this many places in tool results are reported for one value.</summary>
    internal const int MaxOccurrences = 3;

    private static string Key(FlowValueKind kind, string value) => kind + "\u0001" + FlowNeedle.For(kind, value).Needle;

    private static int CountSources(IReadOnlyList<ConversationTurn> turns)
    {
        int n = 0;
        foreach (ConversationTurn turn in turns)
        {
            n += turn.Role != ConversationRole.Assistant && turn.Content.Length > 0 ? 1 : 0;
        }

        return n;
    }

    /// <summary>Where a value was found.</summary>
    /// <param name="Source">The kind of source.</param>
    /// <param name="TurnIndex">The index of the first turn that holds it, or -1.</param>
    /// <param name="Tool">The tool of that turn, when it is a tool result.</param>
    /// <param name="Occurrences">For an untrusted value, the places in tool results that hold it; empty otherwise.</param>
    internal sealed record Located(FlowSourceKind Source, int TurnIndex, string? Tool, IReadOnlyList<Occurrence> Occurrences)
    {
        public static readonly Located Nowhere = new(FlowSourceKind.Nowhere, -1, null, []);
    }

    /// <summary>One place in a tool result that holds a value.</summary>
    /// <param name="TurnIndex">The turn.</param>
    /// <param name="Tool">The tool.</param>
    /// <param name="Text">The turn's text as indexed.</param>
    /// <param name="Start">Where the value starts in <paramref name="Text"/>.</param>
    /// <param name="End">Where it ends (exclusive).</param>
    internal sealed record Occurrence(int TurnIndex, string? Tool, string Text, int Start, int End);

    private sealed class Entry(int turnIndex, ConversationTurn turn, string text)
    {
        private MatchText? _loose;
        private MatchText? _alphanumeric;

        public int TurnIndex { get; } = turnIndex;

        public ConversationTurn Turn { get; } = turn;

        public string Text { get; } = text;

        public List<(int Start, int End)> Find(FlowNeedle needle, int max)
        {
            MatchText haystack = needle.Alphanumeric
                ? _alphanumeric ??= MatchText.Alphanumeric(Text)
                : _loose ??= MatchText.Loose(Text);
            var found = new List<(int, int)>();
            Collect(haystack, needle.Needle, needle.WordBoundaries, max, found);
            if (found.Count == 0 && needle.Fallback is { } fallback)
            {
                Collect(haystack, fallback, needle.WordBoundaries, max, found);
            }

            return found;
        }

        private static void Collect(MatchText haystack, string needle, bool boundaries, int max, List<(int, int)> found)
        {
            int from = 0;
            while (found.Count < max)
            {
                (int start, int end) = haystack.Find(needle, boundaries, from, out from);
                if (start < 0)
                {
                    return;
                }

                found.Add((start, end));
            }
        }
    }
}
