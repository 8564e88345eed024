using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Mcip.RagPref.Cli.JsonLines;

/// <summary>One JSON value written to a string, for a command that prints a single JSON document (<c>--json</c>).</summary>
internal static class JsonText
{
    /// <summary>Writes one JSON value with <paramref name="writeValue"/> and returns it as text.</summary>
    /// <param name="writeValue">Writes exactly one JSON value.</param>
    /// <param name="options">The writer's options (indentation, escaping); the default writes compact JSON with the default escaping.</param>
    /// <returns>The JSON text.</returns>
    public static string Of(Action<Utf8JsonWriter> writeValue, JsonWriterOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(writeValue);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writeValue(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one compact JSON object whose members <paramref name="writeMembers"/> writes, and returns it as text.</summary>
    /// <param name="writeMembers">Writes the object's members (names and values).</param>
    /// <returns>The JSON text.</returns>
    public static string Object(Action<Utf8JsonWriter> writeMembers)
    {
        ArgumentNullException.ThrowIfNull(writeMembers);
        return Of(writer =>
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        });
    }
}
