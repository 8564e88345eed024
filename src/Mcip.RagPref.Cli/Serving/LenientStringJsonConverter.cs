using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// Reads JSON strings into <see cref="string"/> like the default converter, except that escaped lone surrogates
/// (<c>"\ud800"</c>: valid JSON, invalid UTF-16) become U+FFFD instead of an <see cref="InvalidOperationException"/>,
/// as the core library reads them in tool arguments and conversations. Registered on <see cref="ServeJsonContext"/>, so
/// that such a request is screened, not failed.
/// </summary>
/// <remarks>Stateless and thread-safe. Writes strings as the default converter does, lone surrogates as U+FFFD.</remarks>
internal sealed class LenientStringJsonConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A JSON string was expected, but a {reader.TokenType} was found.");
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return Unescape(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(HasLoneSurrogate(value) ? ReplaceLoneSurrogates(new StringBuilder(value)) : value);
    }

    /// <summary>Decodes the escaped UTF-8 content of a JSON string literal (without its quotes), lone surrogates as U+FFFD.</summary>
    internal static string Unescape(ReadOnlySpan<byte> utf8)
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

    private static bool HasLoneSurrogate(string text)
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
                return true;
            }
        }

        return false;
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
