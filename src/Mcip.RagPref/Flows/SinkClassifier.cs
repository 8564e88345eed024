namespace Mcip.RagPref.Flows;

/// <summary>
/// Decides from a tool's name whether it is a sensitive sink and of which kind: the words of the name (split at
/// <c>_</c>, <c>-</c>, <c>.</c>, <c>/</c> and case changes) are matched against verbs that send, pay, share, publish, write,
/// run or grant. A name whose first word reads (get, list, search, read...) is not a sink.
/// </summary>
internal static class SinkClassifier
{
    private static readonly HashSet<string> ReadVerbs = new(StringComparer.Ordinal)
    {
        "get", "list", "search", "find", "read", "fetch", "lookup", "look", "query", "view", "show", "open", "check", "describe",
        "count", "load", "download", "browse", "retrieve", "summarize", "summarise", "preview", "inspect", "validate", "verify", "explain",
        "analyze", "analyse", "classify", "translate", "extract", "parse", "format", "convert", "calculate", "compute", "draft", "lint", "test",
    };

    private static readonly HashSet<string> StrongVerbs = new(StringComparer.Ordinal)
    {
        "send", "reply", "forward", "fwd", "transfer", "pay", "wire", "purchase", "buy", "book", "reserve", "checkout", "share", "invite",
        "grant", "post", "publish", "rebook", "upload", "tweet", "submit", "write", "save", "append", "put", "overwrite", "execute", "exec", "run",
        "chmod", "chown", "spawn", "eval",
    };

    private static readonly Dictionary<string, FlowSinkKind> SinkWords = new(StringComparer.Ordinal)
    {
        ["send"] = FlowSinkKind.Send, ["reply"] = FlowSinkKind.Send, ["forward"] = FlowSinkKind.Send, ["fwd"] = FlowSinkKind.Send,
        ["sms"] = FlowSinkKind.Send, ["notify"] = FlowSinkKind.Send, ["dm"] = FlowSinkKind.Send, ["mail"] = FlowSinkKind.Send,
        ["email"] = FlowSinkKind.Send, ["message"] = FlowSinkKind.Send, ["text"] = FlowSinkKind.Send, ["compose"] = FlowSinkKind.Send,
        ["transfer"] = FlowSinkKind.Transfer, ["pay"] = FlowSinkKind.Transfer, ["payment"] = FlowSinkKind.Transfer, ["wire"] = FlowSinkKind.Transfer,
        ["transaction"] = FlowSinkKind.Transfer, ["money"] = FlowSinkKind.Transfer, ["funds"] = FlowSinkKind.Transfer, ["purchase"] = FlowSinkKind.Transfer,
        ["buy"] = FlowSinkKind.Transfer, ["order"] = FlowSinkKind.Transfer, ["book"] = FlowSinkKind.Transfer, ["booking"] = FlowSinkKind.Transfer, ["rebook"] = FlowSinkKind.Transfer, ["reserve"] = FlowSinkKind.Transfer,
        ["reservation"] = FlowSinkKind.Transfer, ["checkout"] = FlowSinkKind.Transfer, ["refund"] = FlowSinkKind.Transfer, ["payout"] = FlowSinkKind.Transfer,
        ["share"] = FlowSinkKind.Share, ["invite"] = FlowSinkKind.Share, ["grant"] = FlowSinkKind.Permissions, ["add"] = FlowSinkKind.Share,
        ["collaborator"] = FlowSinkKind.Share, ["member"] = FlowSinkKind.Share, ["participant"] = FlowSinkKind.Share, ["attendee"] = FlowSinkKind.Share,
        ["event"] = FlowSinkKind.Share, ["meeting"] = FlowSinkKind.Share,
        ["post"] = FlowSinkKind.Post, ["publish"] = FlowSinkKind.Post, ["upload"] = FlowSinkKind.Post, ["tweet"] = FlowSinkKind.Post,
        ["webhook"] = FlowSinkKind.Post, ["submit"] = FlowSinkKind.Post, ["comment"] = FlowSinkKind.Post, ["http"] = FlowSinkKind.Post,
        ["write"] = FlowSinkKind.Write, ["save"] = FlowSinkKind.Write, ["append"] = FlowSinkKind.Write, ["put"] = FlowSinkKind.Write,
        ["edit"] = FlowSinkKind.Write, ["create"] = FlowSinkKind.Write, ["overwrite"] = FlowSinkKind.Write, ["move"] = FlowSinkKind.Write,
        ["copy"] = FlowSinkKind.Write, ["update"] = FlowSinkKind.Write, ["set"] = FlowSinkKind.Write,
        ["execute"] = FlowSinkKind.Execute, ["exec"] = FlowSinkKind.Execute, ["run"] = FlowSinkKind.Execute, ["shell"] = FlowSinkKind.Execute,
        ["bash"] = FlowSinkKind.Execute, ["terminal"] = FlowSinkKind.Execute, ["command"] = FlowSinkKind.Execute, ["eval"] = FlowSinkKind.Execute,
        ["spawn"] = FlowSinkKind.Execute, ["powershell"] = FlowSinkKind.Execute, ["cmd"] = FlowSinkKind.Execute, ["script"] = FlowSinkKind.Execute,
        ["chmod"] = FlowSinkKind.Permissions, ["chown"] = FlowSinkKind.Permissions, ["permission"] = FlowSinkKind.Permissions,
        ["permissions"] = FlowSinkKind.Permissions, ["acl"] = FlowSinkKind.Permissions, ["role"] = FlowSinkKind.Permissions, ["access"] = FlowSinkKind.Permissions,
    };

    public static FlowSinkKind Classify(string tool)
    {
        List<string> words = Words(tool);
        if (words.Count == 0 || ReadVerbs.Contains(words[0]))
        {
            return FlowSinkKind.None;
        }

        // The strongest kind named wins: moving money or running code outranks a generic write. A name that also reads
        // (email_search, event_lookup) is a sink only when it has an unambiguous verb of its own.
        FlowSinkKind best = FlowSinkKind.None;
        bool reads = false;
        bool strong = false;
        foreach (string word in words)
        {
            reads |= ReadVerbs.Contains(word);
            strong |= StrongVerbs.Contains(word);
            if (SinkWords.TryGetValue(word, out FlowSinkKind kind) && Rank(kind) > Rank(best))
            {
                best = kind;
            }
        }

        return reads && !strong ? FlowSinkKind.None : best;
    }

    internal static List<string> Words(string name)
    {
        var words = new List<string>();
        int start = 0;
        for (int i = 0; i <= name.Length; i++)
        {
            bool boundary = i == name.Length
                || !char.IsLetterOrDigit(name[i])
                || (i > start && char.IsUpper(name[i]) && char.IsLower(name[i - 1]));
            if (!boundary)
            {
                continue;
            }

            if (i > start)
            {
                words.Add(name[start..i].ToLowerInvariant());
            }

            start = i < name.Length && char.IsLetterOrDigit(name[i]) ? i : i + 1;
        }

        return words;
    }

    private static int Rank(FlowSinkKind kind) => kind switch
    {
        FlowSinkKind.None => 0,
        FlowSinkKind.Write => 1,
        FlowSinkKind.Share => 2,
        FlowSinkKind.Send => 3,
        FlowSinkKind.Post => 4,
        FlowSinkKind.Permissions => 5,
        FlowSinkKind.Transfer => 6,
        FlowSinkKind.Execute => 7,
        _ => 0,
    };
}
