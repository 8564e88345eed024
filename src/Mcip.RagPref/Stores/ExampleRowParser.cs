using System.Text.Json;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Stores;

/// <summary>Turns one JSON Lines row (an example or a preference pair) into an <see cref="ExampleInput"/>.</summary>
internal static class ExampleRowParser
{
    /// <summary>Parses an example row: <c>text</c>, <c>label</c>, optional <c>id</c>, <c>category</c>, <c>source</c>, <c>tags</c>.</summary>
    /// <exception cref="RagPrefException">A field is missing or of the wrong type; the message names <paramref name="origin"/>.</exception>
    public static ExampleInput ParseExample(JsonElement row, string origin, string defaultSource)
    {
        string text = RequireText(row, "text", origin);
        string labelText = OptionalString(row, "label", origin)
            ?? throw new RagPrefException($"{origin}: the row has no 'label'. Add \"label\": \"attack\" or \"label\": \"benign\".");
        GuardSurface? surface = OptionalSurface(row, origin);

        // A tool call with its arguments is stored in the form the guard renders requests in (one line per value).
        if (surface == GuardSurface.ToolCall
            && OptionalString(row, "tool", origin) is { Length: > 0 } tool
            && JsonStrings.TryGetProperty(row, "arguments", out JsonElement arguments)
            && arguments.ValueKind == JsonValueKind.Object)
        {
            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty property in arguments.EnumerateObject())
            {
                values[JsonStrings.GetName(property)] = property.Value;
            }

            text = ToolCallRenderer.Render(tool, values);
        }

        return new ExampleInput(text, ParseLabel(labelText, origin))
        {
            Id = OptionalId(row, origin),
            Surface = surface,
            Category = OptionalString(row, "category", origin),
            Source = OptionalString(row, "source", origin) ?? defaultSource,
            Tags = OptionalTags(row, origin),
            Origin = origin,
        };
    }

    /// <summary>
    /// Parses a preference-pair row: the first user message of <c>chosen</c> is the text; the row is an
    /// attack when the last <c>chosen</c> message equals <paramref name="refusal"/> (both trimmed).
    /// </summary>
    /// <exception cref="RagPrefException">The message lists are missing or malformed; the message names <paramref name="origin"/>.</exception>
    public static ExampleInput ParsePair(JsonElement row, string origin, string defaultSource, string refusal)
    {
        JsonElement chosen = RequireMessages(row, "chosen", origin);
        RequireMessages(row, "rejected", origin);
        string? userText = null;
        string lastContent = string.Empty;
        int index = 0;
        foreach (JsonElement message in chosen.EnumerateArray())
        {
            string where = $"{origin}: chosen[{index}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw new RagPrefException($"{where} is {JsonStrings.Describe(message.ValueKind)}; every message must be an object with 'role' and 'content'.");
            }

            string role = OptionalString(message, "role", where) ?? throw new RagPrefException($"{where} has no 'role'.");
            lastContent = OptionalString(message, "content", where) ?? throw new RagPrefException($"{where} has no 'content' string.");
            if (userText is null && role == "user")
            {
                userText = lastContent;
            }

            index++;
        }

        if (string.IsNullOrWhiteSpace(userText))
        {
            throw new RagPrefException($"{origin}: 'chosen' has no user message with text; the stored text is the first user message.");
        }

        ExampleLabel label = string.Equals(lastContent.Trim(), refusal.Trim(), StringComparison.Ordinal) ? ExampleLabel.Attack : ExampleLabel.Benign;
        return new ExampleInput(userText, label)
        {
            Id = OptionalId(row, origin),
            Category = OptionalString(row, "category", origin),
            Source = OptionalString(row, "source", origin) ?? defaultSource,
            Tags = OptionalTags(row, origin),
            Origin = origin,
        };
    }

    /// <summary>Parses <c>attack</c> or <c>benign</c> (any case, surrounding white space ignored).</summary>
    /// <exception cref="RagPrefException">Any other value.</exception>
    public static ExampleLabel ParseLabel(string value, string origin)
    {
        string trimmed = value.Trim();
        if (trimmed.Equals("attack", StringComparison.OrdinalIgnoreCase))
        {
            return ExampleLabel.Attack;
        }

        if (trimmed.Equals("benign", StringComparison.OrdinalIgnoreCase))
        {
            return ExampleLabel.Benign;
        }

        throw new RagPrefException($"{origin}: the label '{value}' is neither 'attack' nor 'benign'.");
    }

    /// <summary>Parses a surface's wire name (<c>user_prompt</c>, <c>tool_call</c>, <c>tool_output</c>, <c>tool_description</c>).</summary>
    public static GuardSurface? ParseSurface(string? value, string origin) =>
        string.IsNullOrWhiteSpace(value) ? null
        : GuardSurfaceNames.TryParse(value, out GuardSurface surface) ? surface
        : throw new RagPrefException($"{origin}: the surface '{value}' is not one of user_prompt, tool_call, tool_output, tool_description.");

    /// <summary>Splits a <c>;</c>-separated tag list, trimming and dropping empty tags.</summary>
    public static string[] SplitTags(string value) => value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static GuardSurface? OptionalSurface(JsonElement row, string origin) => ParseSurface(OptionalString(row, "surface", origin), origin);

    private static string RequireText(JsonElement row, string property, string origin)
    {
        string? text = OptionalString(row, property, origin);
        return string.IsNullOrWhiteSpace(text)
            ? throw new RagPrefException($"{origin}: the row has no '{property}' or it is empty; every example needs a non-empty '{property}' string.")
            : text;
    }

    private static JsonElement RequireMessages(JsonElement row, string property, string origin)
    {
        if (!JsonStrings.TryGetProperty(row, property, out JsonElement value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw new RagPrefException($"{origin}: a preference-pair row needs '{property}' as a non-empty list of messages ({{\"role\": ..., \"content\": ...}}).");
        }

        return value;
    }

    private static string? OptionalString(JsonElement row, string property, string origin)
    {
        if (!JsonStrings.TryGetProperty(row, property, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? JsonStrings.GetString(value)
            : throw new RagPrefException($"{origin}: '{property}' is {JsonStrings.Describe(value.ValueKind)}; a string is expected.");
    }

    private static string? OptionalId(JsonElement row, string origin)
    {
        if (JsonStrings.TryGetProperty(row, "id", out JsonElement value) && value.ValueKind == JsonValueKind.Number)
        {
            return value.GetRawText();
        }

        string? id = OptionalString(row, "id", origin);
        return id is { Length: 0 } ? throw new RagPrefException($"{origin}: 'id' is empty; leave it out to derive an id from the text.") : id;
    }

    private static string[] OptionalTags(JsonElement row, string origin)
    {
        if (!JsonStrings.TryGetProperty(row, "tags", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return SplitTags(JsonStrings.GetString(value));
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new RagPrefException($"{origin}: 'tags' is {JsonStrings.Describe(value.ValueKind)}; a list of strings or a ';'-separated string is expected.");
        }

        var tags = new List<string>(value.GetArrayLength());
        foreach (JsonElement tag in value.EnumerateArray())
        {
            tags.Add(tag.ValueKind == JsonValueKind.String
                ? JsonStrings.GetString(tag)
                : throw new RagPrefException($"{origin}: 'tags' holds {JsonStrings.Describe(tag.ValueKind)}; every tag must be a string."));
        }

        return [.. tags];
    }
}
