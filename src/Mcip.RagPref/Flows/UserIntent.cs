using System.Text.RegularExpressions;

namespace Mcip.RagPref.Flows;

/// <summary>
/// Which kinds of sensitive action the user's own messages ask for (send, pay, share, publish, write, run, change
/// permissions), read from the words they use. Generous on purpose: a word that may ask for an action counts, so that a
/// sink call the user plausibly asked for is not treated as unrequested.
/// </summary>
internal static partial class UserIntent
{
    /// <summary>The sink kinds <paramref name="userText"/> asks for (bit <c>1 &lt;&lt; kind</c> per kind).</summary>
    /// <remarks>
    /// Words that are also nouns (e-mail, message, post, order, transfer) count only as verbs: not after an article, a
    /// possessive or a quantifier, and not in the plural. A word after a negation ("don't donate") does not count, nor do
    /// requests to tell the user ("tell me", "let me know").
    /// </remarks>
    public static int Kinds(string userText)
    {
        int kinds = 0;
        string text = userText.ToLowerInvariant();
        foreach (ValueMatch m in Action().EnumerateMatches(text))
        {
            string word = text.Substring(m.Index, m.Length);
            if (Negated(text, m.Index) || (IsAmbiguous(word) && UsedAsNoun(text, m.Index, m.Length)))
            {
                continue;
            }

            kinds |= KindsOf(word);
        }

        return kinds;
    }

    public static int Bit(FlowSinkKind kind) => 1 << (int)kind;

    private static int KindsOf(string word)
    {
        const int Send = 1 << (int)FlowSinkKind.Send;
        const int Transfer = 1 << (int)FlowSinkKind.Transfer;
        const int Share = 1 << (int)FlowSinkKind.Share;
        const int Post = 1 << (int)FlowSinkKind.Post;
        const int Write = 1 << (int)FlowSinkKind.Write;
        const int Execute = 1 << (int)FlowSinkKind.Execute;
        const int Permissions = 1 << (int)FlowSinkKind.Permissions;
        return word switch
        {
            "send" or "e-mail" or "email" or "mail" or "message" or "reply" or "respond" or "forward" or "fwd" or "tell" or "let" or "inform"
                or "notify" or "ping" or "dm" or "text" or "contact" or "remind" or "cc" or "confirm" or "answer" or "write back" or "get back" => Send | Share,
            "pay" or "transfer" or "refund" or "reimburse" or "wire" or "repay" or "settle" or "donate" or "tip" or "book" or "reserve" or "buy"
                or "purchase" or "order" or "subscribe" or "renew" or "top up" or "take care" => Transfer,
            "share" or "invite" or "add" or "grant" or "give" or "loop" or "include" or "schedule" or "onboard" or "welcome" => Share | Permissions | Send,
            "post" or "publish" or "upload" or "tweet" or "comment" or "announce" or "submit" => Post | Send,
            "write" or "save" or "create" or "append" or "update" or "edit" or "store" or "record" or "change" or "set" or "fix" or "modify"
                or "configure" or "move" or "rename" or "import" => Write | Share,
            "run" or "execute" or "build" or "install" or "test" or "compile" or "deploy" or "launch" or "set up" or "setup" or "follow" or "make"
                or "lint" => Execute | Write,
            "chmod" or "chown" or "permission" or "permissions" or "executable" or "access" or "lock" or "unlock" => Permissions | Share,
            "repeat" or "redo" or "resend" or "handle" or "process" or "do the" => Send | Transfer | Share | Post | Write | Execute | Permissions,
            _ => 0,
        };
    }

    private static bool IsAmbiguous(string word) => word is "e-mail" or "email" or "mail" or "message" or "text" or "dm" or "post" or "comment"
        or "order" or "transfer" or "book" or "tip" or "record" or "answer" or "test" or "reply" or "update" or "change" or "access" or "schedule"
        or "permission" or "permissions" or "contact" or "setup";

    /// <summary>Whether the word at <paramref name="at"/> is used as a noun: after an article, possessive or quantifier, or followed by a plural <c>s</c>.</summary>
    private static bool UsedAsNoun(string text, int at, int length)
    {
        if (at + length < text.Length && text[at + length] == 's')
        {
            return true;
        }

        string previous = PreviousWord(text, at);
        return previous is "my" or "the" or "a" or "an" or "this" or "that" or "these" or "those" or "your" or "his" or "her" or "our" or "their"
            or "its" or "any" or "unread" or "new" or "latest" or "last" or "recent" or "every" or "all" or "each" or "which" or "what" or "whose"
            or "of" or "in" or "no" or "some" or "next" or "first" or "same" or "one" or "for" or "by" or "per" or "from";
    }

    /// <summary>Whether a negation (not, don't, never, without, no need to) stands within the two words before <paramref name="at"/>.</summary>
    private static bool Negated(string text, int at)
    {
        int start = Math.Max(0, at - 24);
        ReadOnlySpan<char> before = text.AsSpan(start, at - start);
        return before.Contains("n't ", StringComparison.Ordinal) || before.Contains("not ", StringComparison.Ordinal)
            || before.Contains("never ", StringComparison.Ordinal) || before.Contains("without ", StringComparison.Ordinal)
            || before.Contains("no need to ", StringComparison.Ordinal);
    }

    private static string PreviousWord(string text, int at)
    {
        int end = at;
        while (end > 0 && !char.IsLetter(text[end - 1]))
        {
            end--;
        }

        int start = end;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '\''))
        {
            start--;
        }

        return text[start..end];
    }

    // Action words, matched whole; "tell me/us" and "let me/us know" ask the agent to answer the user, not to send anything.
    [GeneratedRegex(@"\b(?:send|e-mail|email|mail|message|reply|respond|forward|fwd|tell(?! (?:me|us)\b)|let(?= (?!me\b|us\b)\w+(?: \w+)? know\b)|inform|notify|ping|dm|text|contact|remind(?! me\b)|cc|confirm|answer|write back|get back|pay|transfer|refund|reimburse|wire|repay|settle|donate|tip|book|reserve|buy|purchase|order|subscribe|renew|top up|take care|repeat|redo|resend|handle|process|do the|share|invite|add|grant|give|loop|include|schedule|onboard|welcome|post|publish|upload|tweet|comment|announce|submit|write|save|create|append|update|edit|store|record|change|set up|setup|set|fix|modify|configure|move|rename|import|run|execute|build|install|test|compile|deploy|launch|follow|make|lint|chmod|chown|permissions?|executable|access|lock|unlock)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Action();
}
