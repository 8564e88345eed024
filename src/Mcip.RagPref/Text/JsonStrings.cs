using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Mcip.RagPref.Text;

/// <summary>
/// Reads JSON strings and property names that <see cref="JsonElement.GetString"/> and <see cref="JsonProperty.Name"/>
/// refuse: JSON allows escaped lone surrogates (<c>"\ud800"</c>), which are not valid UTF-16 text, and System.Text.Json
/// throws <see cref="InvalidOperationException"/> on them. Here every lone surrogate becomes U+FFFD (as the canonicaliser
/// does with lone surrogates in any text), so hostile JSON never turns request building into an exception.
/// </summary>
/// <remarks>Stateless and thread-safe. The fast path is the framework's own decoding; the fallback runs only for such strings.</remarks>
public static class JsonStrings
{
    /// <summary>The string value of <paramref name="element"/> (which must be a JSON string), lone surrogates as U+FFFD.</summary>
    public static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.String)
        {
            ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(element);
            return Unescape(raw.Length >= 2 ? raw[1..^1] : raw);
        }
    }

    /// <summary>The name of <paramref name="property"/>, lone surrogates as U+FFFD.</summary>
    public static string GetName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return Unescape(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    /// <summary>
    /// Looks up the member <paramref name="name"/> of the object <paramref name="element"/> like
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> (the last occurrence wins), without throwing when
    /// another member's name escapes a lone surrogate.
    /// </summary>
    public static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        try
        {
            return element.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.Object)
        {
            bool found = false;
            value = default;
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (string.Equals(GetName(property), name, StringComparison.Ordinal))
                {
                    (found, value) = (true, property.Value);
                }
            }

            return found;
        }
    }

    /// <summary>
    /// Names a JSON value kind as error messages do: <c>an object</c>, <c>a list</c>, <c>a string</c>, <c>a number</c>,
    /// <c>a boolean</c>, <c>null</c>, and <c>missing</c> for <see cref="JsonValueKind.Undefined"/> (an absent property).
    /// </summary>
    /// <param name="kind">The kind, for example <see cref="JsonElement.ValueKind"/>.</param>
    /// <returns>The phrase, to stand after "is" in a message such as <c>'tags' is a number; a list is expected.</c></returns>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "missing",
    };

    /// <summary>Decodes the escaped UTF-8 content of a JSON string literal (without its quotes), lone surrogates as U+FFFD.</summary>
    /// <param name="utf8">The literal's bytes as <see cref="Utf8JsonReader.ValueSpan"/> gives them.</param>
    /// <returns>The decoded text.</returns>
    public static string Unescape(ReadOnlySpan<byte> utf8)
    {
        string text = Encoding.UTF8.GetString(utf8);
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            char e = text[++i];
            switch (e)
            {
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u' when i + 4 < text.Length
                    && ushort.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                default: builder.Append(e); break;
            }
        }

        return ReplaceLoneSurrogates(builder);
    }

    /// <summary>Returns <paramref name="text"/> with every unpaired surrogate replaced by U+FFFD (the same instance when it has none).</summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return ReplaceLoneSurrogates(new StringBuilder(text));
            }
        }

        return text;
    }

    /// <summary>Returns the text of <paramref name="builder"/> with every unpaired surrogate replaced by U+FFFD.</summary>
    private static string ReplaceLoneSurrogates(StringBuilder builder)
    {
        for (int i = 0; i < builder.Length; i++)
        {
            char c = builder[i];
            if (char.IsHighSurrogate(c) && i + 1 < builder.Length && char.IsLowSurrogate(builder[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder[i] = '\uFFFD';
            }
        }

        return builder.ToString();
    }
}
