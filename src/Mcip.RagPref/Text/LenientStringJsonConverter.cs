using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mcip.RagPref.Text;

/// <summary>
/// Reads JSON strings into <see cref="string"/> like the default converter, except that escaped lone surrogates
/// (<c>"\ud800"</c>: valid JSON, invalid UTF-16) become U+FFFD instead of an <see cref="InvalidOperationException"/>.
/// Register it on a serializer context that binds request bodies, so that such a request is screened, not failed.
/// </summary>
/// <remarks>Stateless and thread-safe. Writes strings as the default converter does.</remarks>
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
        writer.WriteStringValue(JsonStrings.ReplaceLoneSurrogates(value));
    }
}
