using System.Text.RegularExpressions;

namespace Mcip.RagPref.Flows;

/// <summary>
/// Ties a value in a tool result to the user's request: the words near the value that the user also wrote (a name, a
/// title, a reference: capitalised or holding digits), leaving out common words. A recipient picked from a record the user
/// pointed at sits next to the name the user gave; an injected recipient sits in the attacker's own sentence.
/// </summary>
internal sealed partial class Anchoring
{
    /// <summary>How far around a value its neighbourhood reaches, in characters each side.</summary>
    internal const int Reach = 100;

    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "you", "your", "yours", "our", "ours", "with", "from", "that", "this", "these", "those", "what", "which", "who",
        "whom", "whose", "when", "where", "why", "how", "all", "any", "can", "could", "would", "should", "will", "shall", "may", "might",
        "must", "please", "thanks", "thank", "hello", "dear", "just", "also", "then", "than", "them", "they", "their", "there", "here",
        "have", "has", "had", "are", "was", "were", "been", "being", "not", "but", "about", "into", "onto", "over", "under", "out", "off",
        "get", "got", "let", "make", "made", "take", "took", "give", "gave", "need", "needs", "want", "wants", "know", "see", "look",
        "find", "check", "read", "send", "sent", "email", "mail", "message", "messages", "reply", "forward", "pay", "payment", "transfer",
        "share", "post", "write", "run", "file", "files", "folder", "document", "doc", "docs", "page", "link", "new", "last", "next",
        "first", "latest", "recent", "today", "tomorrow", "yesterday", "week", "month", "year", "time", "date", "day", "days", "one", "two",
        "some", "more", "most", "much", "many", "each", "every", "other", "same", "own", "its", "it's", "i'm", "i'll", "don't", "via",
        "per", "now", "asap", "soon", "later", "still", "yet", "only", "very", "too", "like", "okay", "yes", "no", "sure", "good", "great",
        "user", "users", "assistant", "agent", "account", "address", "number", "name", "team", "list", "item", "items", "info", "information",
        "details", "detail", "data", "note", "notes", "text", "body", "subject", "amount", "total", "due", "http", "https", "www", "com",
        "org", "net", "example", "json", "id", "ids",
        // Imperatives that open a request: capitalised at the start of a sentence, they name nothing.
        "book", "summarise", "summarize", "schedule", "add", "set", "show", "tell", "move", "repeat", "create", "update", "follow",
        "build", "compare", "search", "make", "put", "open", "use", "keep", "cancel", "invite", "remind", "forward", "reply", "ask",
        "answer", "write", "draft", "buy", "order", "reserve", "print", "install", "start", "stop", "delete", "remove", "go", "do",
        "hi", "hey", "morning", "evening", "afternoon", "ok", "thx", "cheers", "could", "would",
    };

    private readonly HashSet<string> _userWords = new(StringComparer.Ordinal);

    /// <summary>Collects the distinctive words of the user's messages.</summary>
    public Anchoring(IEnumerable<string> userTexts)
    {
        foreach (string text in userTexts)
        {
            foreach (ValueMatch m in Word().EnumerateMatches(text))
            {
                string raw = text.Substring(m.Index, m.Length);
                string word = raw.ToLowerInvariant();
                if (IsDistinctive(word) && IsNameLike(raw))
                {
                    _userWords.Add(word);
                }
            }
        }
    }

    /// <summary>A distinctive word the user wrote that also appears near <c>text[start..end]</c>, or <see langword="null"/>.</summary>
    public string? Find(string text, int start, int end)
    {
        if (_userWords.Count == 0)
        {
            return null;
        }

        int from = Math.Max(0, start - Reach);
        int to = Math.Min(text.Length, end + Reach);
        ReadOnlySpan<char> near = text.AsSpan(from, to - from);
        foreach (ValueMatch m in Word().EnumerateMatches(near))
        {
            // The value's own characters do not anchor it (a user name equal to the value is found by provenance, not here).
            int at = from + m.Index;
            if (at >= start && at < end)
            {
                continue;
            }

            string word = near.Slice(m.Index, m.Length).ToString().ToLowerInvariant();
            if (_userWords.Contains(word))
            {
                return word;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a word the user wrote names something: capitalised (<c>Noor</c>, <c>Lisbon</c>; a capital that only opens a
    /// sentence counts unless the word is a common one), or holding a digit or an inner capital (<c>Q3</c>, <c>PTO</c>,
    /// <c>doc-381</c>). Common words the user happens to repeat do not anchor.
    /// </summary>
    private static bool IsNameLike(string word)
    {
        if (char.IsUpper(word[0]))
        {
            return true;
        }

        foreach (char c in word.AsSpan(1))
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return word.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
    }

    private static bool IsDistinctive(string word) =>
        word.Length >= 3 && !Common.Contains(word) && !(word.Length <= 4 && char.IsDigit(word[0]));

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
