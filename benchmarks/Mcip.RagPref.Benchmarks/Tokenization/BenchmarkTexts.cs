namespace Mcip.RagPref.Benchmarks.Tokenization;

/// <summary>Texts written for the tokenizer benchmarks (not taken from any evaluation data).</summary>
internal static class BenchmarkTexts
{
    /// <summary>About 10 words.</summary>
    public const string Short = "Please summarise the attached quarterly report for the finance team.";

    /// <summary>About 40 WordPiece tokens.</summary>
    public const string Medium =
        "Could you look through the deployment logs from last night, find out why the nightly backup job " +
        "failed on the staging server, and suggest a fix that does not require restarting the database?";

    /// <summary>About 200 WordPiece tokens, with punctuation, numbers, accents and a little code.</summary>
    public const string Long =
        "Our team maintains a small internal tool that synchronises calendar events between three services. " +
        "Since the upgrade to version 2.4.1 last Tuesday, roughly 12% of recurring meetings are duplicated, and " +
        "a few all-day events show up one day early for colleagues in Zürich and São Paulo. I have attached the " +
        "configuration file (sync.yaml) and an excerpt of the error log. The relevant function is " +
        "merge_events(source, target, window=7), which compares events by title and start time; I suspect the " +
        "time-zone conversion happens after the comparison instead of before it. Could you review the logic, " +
        "explain what is going wrong, and propose a patch with unit tests? Please keep the public interface " +
        "unchanged, avoid new dependencies, and note any edge cases around daylight-saving transitions, " +
        "cancelled occurrences and events whose organiser has left the company. A short summary for the " +
        "release notes would also help, written for non-technical readers.";

    /// <summary>The three texts by name, for <c>[ParamsSource]</c>.</summary>
    public static IEnumerable<NamedText> All()
    {
        yield return new NamedText("short", Short);
        yield return new NamedText("medium", Medium);
        yield return new NamedText("long", Long);
    }
}

/// <summary>A benchmark input shown by name and size in the results table.</summary>
public sealed record NamedText(string Name, string Text)
{
    public override string ToString() => $"{Name} ({Text.Length} chars)";
}
