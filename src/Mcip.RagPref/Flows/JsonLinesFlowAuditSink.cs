using System.Buffers;
using System.Text.Json;

namespace Mcip.RagPref.Flows;

/// <summary>
/// Appends every flow record to a JSON Lines file, one object per line (<c>timestamp</c>, <c>surface</c>, <c>tool</c>,
/// <c>sender</c>, <c>recipient</c>, <c>data_subject</c>, <c>information_type</c>, <c>transmission_principle</c>,
/// <c>verdict</c>, <c>rule</c>, <c>sink</c>).
/// </summary>
/// <remarks>
/// Thread-safe. Each record is written whole and flushed to the operating system before <see cref="Write"/> returns, so a
/// process that dies loses no acknowledged record; other processes may read the file while it is written.
/// </remarks>
public sealed class JsonLinesFlowAuditSink : IFlowAuditSink, IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private bool _disposed;

    private JsonLinesFlowAuditSink(FileStream stream) => _stream = stream;

    /// <summary>Opens (or creates) <paramref name="path"/> for appending, creating its folder when needed.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The sink; dispose it to close the file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="RagPrefException">The file cannot be opened (the message names it and the reason).</exception>
    public static JsonLinesFlowAuditSink Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            return new JsonLinesFlowAuditSink(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"The flow audit file '{full}' cannot be opened for appending ({ex.Message}); choose a writable path.", ex);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The sink was disposed.</exception>
    public void Write(FlowRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer))
            {
                FlowRecordJson.Write(writer, record);
            }

            _buffer.Write("\n"u8);
            _stream.Write(_buffer.WrittenSpan);
            _stream.Flush();
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _stream.Dispose();
            }
        }
    }
}
