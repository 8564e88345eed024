using System.Text;
using Mcip.RagPref.Cli.Proxying;

namespace Mcip.RagPref.Tests.Cli.Proxy;

public sealed class BoundedResponseHandlerTests
{
    [Fact]
    public async Task Send_BodyLinesAtTheLimit_PassUnchangedWithTheirHeaders()
    {
        using var handler = new BoundedResponseHandler(new FixedResponse("0123456789\n0123456789"), 10);
        using var client = new HttpClient(handler);

        using HttpResponseMessage response = await client.GetAsync(new Uri("http://upstream.test/mcp"), TestContext.Current.CancellationToken);
        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("0123456789\n0123456789", body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.False(handler.Exceeded);
        Assert.Null(handler.LimitMessage);
    }

    [Fact]
    public async Task Send_BodyLineOverTheLimit_FailsTheReadAndTellsTheHandler()
    {
        using var handler = new BoundedResponseHandler(new FixedResponse("short\n0123456789X\n"), 10);
        using var client = new HttpClient(handler);

        using HttpResponseMessage response = await client.GetAsync(new Uri("http://upstream.test/mcp"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Stream body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        IOException ex = await Assert.ThrowsAsync<IOException>(() => body.CopyToAsync(copy, 4, TestContext.Current.CancellationToken));

        Assert.True(handler.Exceeded);
        Assert.Equal("the upstream server sent a message larger than 10 bytes (--max-message-bytes); the connection was closed", handler.LimitMessage);
        Assert.Equal(handler.LimitMessage + ".", ex.Message);
    }

    /// <summary>Answers every request with <paramref name="body"/> as an SSE stream.</summary>
    private sealed class FixedResponse(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StringContent(body, Encoding.UTF8, "text/event-stream");
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
