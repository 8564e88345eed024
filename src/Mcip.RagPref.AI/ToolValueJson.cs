using System.Text.Json;
using Mcip.RagPref.Text;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>Turns tool arguments and tool results (arbitrary .NET values) into the JSON and text the guard screens.</summary>
/// <remarks>Stateless and thread-safe. Serialisation uses the serializer options' type-info resolver (AOT-safe).</remarks>
internal static class ToolValueJson
{
    private static readonly JsonElement JsonNull = CreateNull();

    /// <summary>Converts function arguments to JSON values keyed by parameter name.</summary>
    public static Dictionary<string, JsonElement> ToArguments(IEnumerable<KeyValuePair<string, object?>> arguments, JsonSerializerOptions options)
    {
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> pair in arguments)
        {
            map[pair.Key] = ToElement(pair.Value, options);
        }

        return map;
    }

    /// <summary>
    /// The text a tool result is screened as: a string as is, a JSON string's value, other JSON as its raw text, a
    /// <see cref="TextContent"/>'s text, the texts of a list of contents one per line (other contents, such as images,
    /// have no text), anything else serialised to JSON (or its <see cref="object.ToString"/> when the serializer cannot
    /// handle the type); <see langword="null"/> for a null result or one without text.
    /// </summary>
    public static string? ToText(object? value, JsonSerializerOptions options) => value switch
    {
        null => null,
        string s => s,
        TextContent t => t.Text,
        AIContent => null,
        IEnumerable<AIContent> contents => JoinedText(contents),
        JsonElement { ValueKind: JsonValueKind.String } e => JsonStrings.GetString(e),
        JsonElement { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
        JsonElement e => e.GetRawText(),
        _ => SerializedText(value, options),
    };

    /// <summary>Converts one value to JSON; falls back to its <see cref="object.ToString"/> as a JSON string.</summary>
    public static JsonElement ToElement(object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                return JsonNull;
            case JsonElement element:
                return element.ValueKind == JsonValueKind.Undefined ? JsonNull : element;
            case string text:
                return StringElement(text);
        }

        try
        {
            return JsonSerializer.SerializeToElement(value, options.GetTypeInfo(value.GetType()));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            // No contract for this type in the resolver: screen what the value says about itself.
            return StringElement(value.ToString() ?? string.Empty);
        }
    }

    private static string? JoinedText(IEnumerable<AIContent> contents)
    {
        System.Text.StringBuilder? joined = null;
        foreach (AIContent content in contents)
        {
            if (content is TextContent { Text: { Length: > 0 } part })
            {
                joined = joined is null ? new System.Text.StringBuilder(part) : joined.Append('\n').Append(part);
            }
        }

        return joined?.ToString();
    }

    private static string? SerializedText(object value, JsonSerializerOptions options)
    {
        JsonElement element = ToElement(value, options);
        return element.ValueKind switch
        {
            JsonValueKind.String => JsonStrings.GetString(element),
            JsonValueKind.Null => null,
            _ => element.GetRawText(),
        };
    }

    private static JsonElement StringElement(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(text.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(JsonStrings.ReplaceLoneSurrogates(text));
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static JsonElement CreateNull()
    {
        using JsonDocument document = JsonDocument.Parse("null");
        return document.RootElement.Clone();
    }
}
