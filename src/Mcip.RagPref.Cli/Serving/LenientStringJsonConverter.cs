using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mcip.RagPref.Text;

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
            return JsonStrings.Unescape(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(JsonStrings.ReplaceLoneSurrogates(value));
    }
}
