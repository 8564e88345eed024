namespace Mcip.RagPref.Cli.Proxying;

/// <summary>Bounds every response body line (one JSON body, or one SSE line) of the upstream's HTTP responses with <see cref="BoundedLineStream"/>.</summary>
internal sealed class BoundedResponseHandler : DelegatingHandler
{
    private readonly long _maxLineBytes;

    public BoundedResponseHandler(HttpMessageHandler inner, long maxLineBytes)
        : base(inner)
    {
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Gets a value indicating whether some response went over the limit.</summary>
    public bool Exceeded { get; private set; }

    /// <summary>Gets the message of the last overflow, or <see langword="null"/>.</summary>
    public string? LimitMessage { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var bounded = new CountingBody(this, body, _maxLineBytes);
        var content = new StreamContent(bounded);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }

    /// <summary>A bounded body that tells the handler when it overflowed.</summary>
    private sealed class CountingBody(BoundedResponseHandler owner, Stream inner, long max) : Stream
    {
        private readonly BoundedLineStream _bounded = new(inner, max, "the upstream server");

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Watch(() => _bounded.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await _bounded.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (_bounded.Exceeded)
            {
                owner.Exceeded = true;
                owner.LimitMessage = _bounded.LimitMessage;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
                _bounded.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Watch(Func<int> read)
        {
            try
            {
                return read();
            }
            catch (IOException) when (_bounded.Exceeded)
            {
                owner.Exceeded = true;
                owner.LimitMessage = _bounded.LimitMessage;
                throw;
            }
        }
    }
}
