using System.Globalization;

namespace Mcip.RagPref.Cli.Proxying;

/// <summary>
/// A read-only stream over another that fails once more than a set number of bytes arrive without a line break: MCP's
/// stdio transport and SSE both put one message on one line, so this bounds the size of a message before any of it is
/// parsed. The failure is an <see cref="IOException"/> that ends the transport reading the stream; <see cref="Exceeded"/>
/// says so afterwards.
/// </summary>
/// <remarks>Not thread-safe for concurrent reads (a transport reads from one loop).</remarks>
internal sealed class BoundedLineStream : Stream
{
    private readonly Stream _inner;
    private readonly long _maxLineBytes;
    private readonly string _source;
    private readonly Action<BoundedLineStream>? _onExceeded;
    private readonly TaskCompletionSource _exceeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lineBytes;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The stream read from.</param>
    /// <param name="maxLineBytes">The most bytes one line (one message) may have.</param>
    /// <param name="source">Who writes the stream, for the message (for example "the upstream server").</param>
    /// <param name="onExceeded">Told once, when a line first goes over the limit (before the read fails), or <see langword="null"/>.</param>
    public BoundedLineStream(Stream inner, long maxLineBytes, string source, Action<BoundedLineStream>? onExceeded = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        _inner = inner;
        _maxLineBytes = maxLineBytes;
        _source = source;
        _onExceeded = onExceeded;
    }

    /// <summary>Gets a value indicating whether a line went over the limit (the stream then fails every read).</summary>
    public bool Exceeded { get; private set; }

    /// <summary>
    /// Gets a task that completes when a line goes over the limit. A transport may stop reading without failing the
    /// request that waits for an answer (the line can arrive before the request is sent), so whoever waits for an answer
    /// waits for this too.
    /// </summary>
    public Task ExceededTask => _exceeded.Task;

    /// <summary>Gets the message of the failure, for the one line the proxy prints.</summary>
    public string LimitMessage => string.Create(CultureInfo.InvariantCulture,
        $"{_source} sent a message larger than {_maxLineBytes} bytes (--max-message-bytes); the connection was closed");

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfExceeded();
        int read = _inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfExceeded();
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Count(ReadOnlySpan<byte> read)
    {
        while (!read.IsEmpty)
        {
            int next = read.IndexOf((byte)'\n');
            long part = next < 0 ? read.Length : next;
            if (_lineBytes + part > _maxLineBytes)
            {
                Fail();
            }

            if (next < 0)
            {
                _lineBytes += part;
                return;
            }

            _lineBytes = 0;
            read = read[(next + 1)..];
        }
    }

    private void Fail()
    {
        Exceeded = true;
        _onExceeded?.Invoke(this);
        _exceeded.TrySetResult();
        ThrowIfExceeded();
    }

    private void ThrowIfExceeded()
    {
        if (Exceeded)
        {
            throw new IOException(LimitMessage + ".");
        }
    }
}
