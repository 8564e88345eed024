using System.Text;
using System.Text.Json;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Requests;

/// <summary>
/// Renders an advertised tool to text: its name, its description, then one line per input-schema property
/// (<c>path: title. description</c>), nested object properties as <c>a.b</c> and array items as <c>a[]</c>,
/// sorted ordinally so that schemas differing only in property order render equally. Names written in front of nested
/// properties are cut to their last <see cref="ToolCallRenderer.MaxPathLength"/> characters, so the output stays linear in
/// the schema's size; escaped lone surrogates render as U+FFFD.
/// </summary>
internal static class ToolDescriptionRenderer
{
    /// <summary>Schema nesting depth beyond which properties are not walked.</summary>
    internal const int MaxDepth = 32;

    public static string Render(string name, string description, JsonElement? inputSchema)
    {
        StringBuilder builder = new(name.Length + description.Length + 64);
        builder.Append(name);
        if (description.Length > 0)
        {
            builder.Append('\n').Append(description);
        }

        if (inputSchema is { ValueKind: JsonValueKind.Object } schema)
        {
            List<KeyValuePair<string, string>> lines = [];
            CollectProperties(schema, string.Empty, lines, 0);
            lines.Sort(static (x, y) => string.CompareOrdinal(x.Key, y.Key));
            foreach (KeyValuePair<string, string> line in lines)
            {
                builder.Append('\n').Append(line.Value);
            }
        }

        return builder.ToString();
    }

    private static void CollectProperties(JsonElement schema, string prefix, List<KeyValuePair<string, string>> lines, int depth)
    {
        if (depth >= MaxDepth)
        {
            return;
        }

        if (JsonStrings.TryGetProperty(schema, "properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                string name = JsonStrings.GetName(property);
                string path = prefix.Length == 0 ? name : prefix + "." + name;
                lines.Add(new(path, Describe(path, property.Value)));
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    CollectProperties(property.Value, Tail(path), lines, depth + 1);
                }
            }
        }

        if (JsonStrings.TryGetProperty(schema, "items", out JsonElement items) && items.ValueKind == JsonValueKind.Object)
        {
            string path = prefix + "[]";
            if (prefix.Length > 0 && (HasText(items, "title") || HasText(items, "description")))
            {
                lines.Add(new(path, Describe(path, items)));
            }

            CollectProperties(items, Tail(path), lines, depth + 1);
        }
    }

    private static string Describe(string path, JsonElement property)
    {
        if (property.ValueKind != JsonValueKind.Object)
        {
            return path;
        }

        string? title = GetText(property, "title");
        string? description = GetText(property, "description");
        return (title, description) switch
        {
            (null, null) => path,
            (not null, null) => path + ": " + title,
            (null, not null) => path + ": " + description,
            _ => path + ": " + title + ". " + description,
        };
    }

    /// <summary>
    /// The path written in front of nested properties: cut to its last <see cref="ToolCallRenderer.MaxPathLength"/>
    /// characters after an ellipsis, so that a long name (written in full on its own line) is not repeated per nested property.
    /// </summary>
    private static string Tail(string path)
    {
        if (path.Length <= ToolCallRenderer.MaxPathLength)
        {
            return path;
        }

        int start = path.Length - ToolCallRenderer.MaxPathLength;
        return string.Concat("\u2026", path.AsSpan(char.IsLowSurrogate(path[start]) ? start + 1 : start));
    }

    private static bool HasText(JsonElement element, string name) => GetText(element, name) is not null;

    private static string? GetText(JsonElement element, string name) =>
        JsonStrings.TryGetProperty(element, name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && JsonStrings.GetString(value) is { Length: > 0 } text
            ? text
            : null;
}
