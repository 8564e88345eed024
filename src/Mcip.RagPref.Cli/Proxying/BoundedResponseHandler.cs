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
        var bounded = new BoundedLineStream(body, _maxLineBytes, "the upstream server", OnExceeded);
        var content = new StreamContent(bounded);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }

    private void OnExceeded(BoundedLineStream body)
    {
        Exceeded = true;
        LimitMessage = body.LimitMessage;
    }
}
