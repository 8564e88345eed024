using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Mcip.RagPref.AI;

/// <summary>
/// JSON strings as text that is always valid UTF-16: <see cref="JsonElement.GetString"/> throws on an escaped lone
/// surrogate (<c>"\ud800"</c>), and <see cref="Utf8JsonWriter"/> refuses to write one; here every lone surrogate becomes
/// U+FFFD (as the guard's canonicaliser does), so hostile tool values never turn screening into an exception.
/// </summary>
/// <remarks>Stateless and thread-safe. The fast path is the framework's own decoding; the fallback runs only for such strings.</remarks>
internal static class JsonText
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
            ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(element);   // the literal, quotes included
            return Unescape(raw.Length >= 2 ? raw[1..^1] : raw);
        }
    }

    /// <summary>Returns <paramref name="text"/> with every unpaired surrogate replaced by U+FFFD (the same instance when it has none).</summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? builder = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder ??= new StringBuilder(text);
                builder[i] = '\uFFFD';
            }
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>Decodes the escaped UTF-8 content of a JSON string literal (without its quotes), lone surrogates as U+FFFD.</summary>
    private static string Unescape(ReadOnlySpan<byte> utf8)
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

        return ReplaceLoneSurrogates(builder.ToString());
    }
}
