using System.Text;

namespace Mcip.RagPref.SeedGenerator;

/// <summary>One corpus item before it gets its id. Field order on output: id, text, label, category, surface, tool, arguments, lang, tags.</summary>
internal sealed record Item(
    Split Split,
    string Label,
    string Category,
    string Surface,
    string Text,
    string Part,
    string? Tool = null,
    Args? Arguments = null,
    string? Lang = null,
    IReadOnlyList<string>? Tags = null)
{
    public string Id { get; set; } = string.Empty;

    public string ToJsonLine()
    {
        var sb = new StringBuilder("{");
        Member(sb, "id", Id, first: true);
        Member(sb, "text", Text);
        Member(sb, "label", Label);
        Member(sb, "category", Category);
        Member(sb, "surface", Surface);
        if (Tool is not null)
        {
            Member(sb, "tool", Tool);
        }

        if (Arguments is not null)
        {
            sb.Append(", ");
            Json.WriteString(sb, "arguments");
            sb.Append(": ");
            Json.WriteValue(sb, Arguments);
        }

        if (Lang is not null)
        {
            Member(sb, "lang", Lang);
        }

        if (Tags is { Count: > 0 })
        {
            sb.Append(", ");
            Json.WriteString(sb, "tags");
            sb.Append(": ");
            Json.WriteValue(sb, Tags);
        }

        return sb.Append('}').ToString();
    }

    private static void Member(StringBuilder sb, string name, string value, bool first = false)
    {
        if (!first)
        {
            sb.Append(", ");
        }

        Json.WriteString(sb, name);
        sb.Append(": ");
        Json.WriteString(sb, value);
    }
}
