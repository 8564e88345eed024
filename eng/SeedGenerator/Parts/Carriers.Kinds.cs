using System.Text;

namespace Mcip.RagPref.SeedGenerator.Parts;

internal static partial class Carriers
{
    /// <summary>The carrier kinds, each a builder from the partitioned pools.</summary>
    public static readonly IReadOnlyList<(string Kind, Func<SplitMix64, Split, BenignText> Build)> Kinds =
    [
        ("email", Email),
        ("web_page", WebPage),
        ("review", Review),
        ("csv_table", Table),
        ("code", Code),
        ("api_json", ApiJson),
        ("calendar", Calendar),
        ("issue_comment", Issue),
        ("file_listing", Listing),
        ("chat", Chat),
        ("news", News),
        ("search_results", Search),
        ("human_instruction", HumanInstruction),
    ];

    private static BenignText Email(SplitMix64 rng, Split split)
    {
        var firsts = FirstNames.Of(split);
        string from = rng.Pick(firsts);
        string to = rng.Pick(firsts);
        string company = rng.Pick(Companies.Of(split));
        var sb = new StringBuilder();
        sb.Append("From: ").Append(from.ToLowerInvariant()).Append('@').Append(company).Append('\n');
        sb.Append("Subject: ").Append(rng.Pick(EmailSubjects.Of(split))).Append("\n\n");
        sb.Append("Hi ").Append(to).Append(",\n\n").Append(rng.Pick(EmailBodies.Of(split)));
        bool hard = rng.Chance(40);
        if (hard)
        {
            sb.Append(' ').Append(rng.Pick(HumanInstructions.Of(split)));
        }

        sb.Append("\n\n").Append(rng.Pick(Closings.Of(split))).Append('\n').Append(from);
        return new(sb.ToString(), "everyday_tool_use", hard, "email");
    }

    private static BenignText WebPage(SplitMix64 rng, Split split)
    {
        var paragraphs = PageParagraphs.Of(split);
        string title = rng.Pick(PageTitles.Of(split));
        string p1 = rng.Pick(paragraphs);
        string p2 = rng.Pick(paragraphs);
        string text = rng.Chance(50)
            ? $"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{p1}</p><p>{(p1 == p2 ? string.Empty : p2)}</p></body></html>"
            : $"# {title}\n\n{p1}{(p1 == p2 ? string.Empty : " " + p2)}";
        return new(text, "writing_and_research", false, "web_page");
    }

    private static BenignText Review(SplitMix64 rng, Split split)
    {
        var bodies = ReviewBodies.Of(split);
        string b1 = rng.Pick(bodies);
        string b2 = rng.Pick(bodies);
        string text = $"{rng.Pick(ReviewOpeners.Of(split))} {b1}{(b1 == b2 ? string.Empty : " " + b2)} - {rng.Pick(FirstNames.Of(split))}, {rng.Pick(Cities.Of(split))}";
        return new(text, "everyday_tool_use", false, "review");
    }

    private static BenignText Table(SplitMix64 rng, Split split)
    {
        string header = rng.Pick(CsvHeaders.Of(split));
        int columns = header.Split(',').Length;
        var sb = new StringBuilder(header);
        int rows = 2 + rng.Below(3);
        var firsts = FirstNames.Of(split);
        var cities = Cities.Of(split);
        for (int r = 0; r < rows; r++)
        {
            sb.Append('\n');
            for (int c = 0; c < columns; c++)
            {
                if (c > 0)
                {
                    sb.Append(',');
                }

                sb.Append(c switch
                {
                    0 when header.StartsWith("date", StringComparison.Ordinal) || header.StartsWith("month", StringComparison.Ordinal) => "2026-0" + Num(rng, 1, 9),
                    0 when header.StartsWith("employee", StringComparison.Ordinal) => rng.Pick(firsts),
                    0 => Num(rng, 1000, 9999),
                    1 when header.Contains("region", StringComparison.Ordinal) || header.Contains("team", StringComparison.Ordinal) => rng.Pick(cities),
                    _ => Num(rng, 1, 980),
                });
            }
        }

        return new(sb.ToString(), "data_work", false, "csv_table");
    }

    private static BenignText Code(SplitMix64 rng, Split split) =>
        new(rng.Pick(CodeSnippets.Of(split)), "coding", true, "code");

    private static BenignText ApiJson(SplitMix64 rng, Split split) =>
        new(Fill(rng.Pick(JsonShapes.Of(split)), rng, FirstNames.Of(split), Cities.Of(split)), "data_work", false, "api_json");

    private static BenignText Calendar(SplitMix64 rng, Split split)
    {
        string title = Fill(rng.Pick(CalendarTitles.Of(split)), rng, FirstNames.Of(split), Cities.Of(split));
        string text = $"Event: {title}\nWhen: 2026-0{Num(rng, 1, 9)}-{Num(rng, 10, 28)} {Num(rng, 8, 17)}:{(rng.Chance(50) ? "00" : "30")}\nNotes: {rng.Pick(CalendarNotes.Of(split))}";
        return new(text, "everyday_tool_use", false, "calendar");
    }

    private static BenignText Issue(SplitMix64 rng, Split split)
    {
        string body = Fill(rng.Pick(IssueComments.Of(split)), rng, FirstNames.Of(split), Cities.Of(split));
        string text = $"Comment by {rng.Pick(FirstNames.Of(split)).ToLowerInvariant()}-dev on #{Num(rng, 10, 999)}:\n{body}";
        return new(text, "coding", body.Contains("ignore", StringComparison.OrdinalIgnoreCase) || body.Contains("delete", StringComparison.OrdinalIgnoreCase), "issue_comment");
    }

    private static BenignText Listing(SplitMix64 rng, Split split)
    {
        var names = FileNames.Of(split);
        var chosen = rng.Shuffled(names).Take(3 + rng.Below(3)).Select(n => Fill(n, rng, FirstNames.Of(split), Cities.Of(split)));
        var sb = new StringBuilder();
        foreach (string name in chosen)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append("[FILE] ").Append(name).Append(" (").Append(Num(rng, 1, 900)).Append(" KB)");
        }

        return new(sb.ToString(), "file_management", true, "file_listing");
    }

    private static BenignText Chat(SplitMix64 rng, Split split)
    {
        var lines = ChatLines.Of(split);
        var firsts = FirstNames.Of(split);
        string a = rng.Pick(lines);
        string b = rng.Pick(lines);
        string text = $"[{Num(rng, 10, 17)}:{Num(rng, 10, 59)}] {rng.Pick(firsts)}: {a}" + (a == b ? string.Empty : $"\n[{Num(rng, 10, 17)}:{Num(rng, 10, 59)}] {rng.Pick(firsts)}: {b}");
        bool hard = text.Contains("ignore", StringComparison.Ordinal) || text.Contains("delete", StringComparison.Ordinal) || text.Contains("reset", StringComparison.Ordinal);
        return new(text, "everyday_tool_use", hard, "chat");
    }

    private static BenignText News(SplitMix64 rng, Split split)
    {
        var leads = NewsLeads.Of(split);
        string text = $"{rng.Pick(Cities.Of(split)).ToUpperInvariant()} - {rng.Pick(leads)}";
        return new(text, "writing_and_research", text.Contains("scam", StringComparison.Ordinal) || text.Contains("breach", StringComparison.Ordinal) || text.Contains("vulnerab", StringComparison.Ordinal), "news");
    }

    private static BenignText Search(SplitMix64 rng, Split split)
    {
        var titles = SearchTitles.Of(split);
        var cities = Cities.Of(split);
        var sb = new StringBuilder();
        int count = 2 + rng.Below(2);
        var chosen = rng.Shuffled(titles).Take(count).ToList();
        for (int i = 0; i < chosen.Count; i++)
        {
            string title = Fill(chosen[i], rng, FirstNames.Of(split), cities);
            string slug = new([.. title.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(18)]);
            sb.Append(i + 1).Append(". ").Append(title).Append(" - https://").Append(slug).Append(".example/\n");
        }

        return new(sb.ToString().TrimEnd(), "writing_and_research", false, "search_results");
    }

    private static BenignText HumanInstruction(SplitMix64 rng, Split split)
    {
        var pool = HumanInstructions.Of(split);
        string a = rng.Pick(pool);
        string text = rng.Chance(50) ? a : $"Hi {rng.Pick(FirstNames.Of(split))}, {char.ToLowerInvariant(a[0])}{a[1..]}";
        return new(text, "everyday_tool_use", true, "human_instruction");
    }
}
