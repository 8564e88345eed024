using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mcip.RagPref.Cli.JsonLines;

/// <summary>
/// Writes one compact JSON value per line to a <see cref="TextWriter"/> through a reused <see cref="Utf8JsonWriter"/>
/// (no reflection: AOT-friendly). Floats are written in their shortest round-trip form; non-ASCII text is kept readable.
/// </summary>
internal sealed class JsonLineWriter : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    private readonly TextWriter _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public JsonLineWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>Starts a line: write exactly one JSON value to the returned writer, then call <see cref="EndLineAsync"/>.</summary>
    public Utf8JsonWriter BeginLine()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        return _json;
    }

    /// <summary>Ends the line started by <see cref="BeginLine"/> and writes it out.</summary>
    public async ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        string line = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        await _output.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _json.Dispose();
}
