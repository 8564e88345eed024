using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.Lexical;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.Hosting;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Serving;

/// <summary>The guard service's limits and API-key option, on real loopback servers over the lexical test guard.</summary>
public sealed class GuardServerHardeningTests
{
    private const string ApiKey = "0123456789abcdef0123456789abcdef";
    private const string Body = """{"surface": "user_prompt", "text": "summarise the meeting notes from yesterday"}""";

    [Fact]
    public async Task Guard_BodySentSlowlyOverASocket_Returns408ProblemDetails()
    {
        await using Started server = await StartAsync(new GuardServerSettings("http://127.0.0.1:0", 1 << 20) { BodyGracePeriod = TimeSpan.FromSeconds(2) });
        Uri address = server.Server.Addresses[0];
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        NetworkStream stream = socket.GetStream();
        byte[] body = Encoding.UTF8.GetBytes(Body);
        string head = $"POST /v1/guard HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);

        // One byte every 300 ms (about 3 bytes a second, far below 240) until the server answers or the body is sent.
        Task<string> response = ReadResponseAsync(stream);
        for (int i = 0; i < body.Length - 1 && !response.IsCompleted; i++)
        {
            try
            {
                await stream.WriteAsync(body.AsMemory(i, 1), TestContext.Current.CancellationToken);
            }
            catch (IOException)
            {
                break; // The server closed the connection after answering.
            }

            await Task.WhenAny(response, Task.Delay(300, TestContext.Current.CancellationToken));
        }

        string text = await response.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.StartsWith("HTTP/1.1 408", text, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", text, StringComparison.Ordinal);
        Assert.Contains("arrived more slowly", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guard_ApiKeyConfigured_RequiresItOnEveryRouteButHealthz()
    {
        await using Started server = await StartAsync(new GuardServerSettings("http://127.0.0.1:0", 1 << 20) { ApiKey = ApiKey });
        using var client = new HttpClient { BaseAddress = server.Server.Addresses[0] };

        using HttpResponseMessage none = await PostAsync(client, null);
        using HttpResponseMessage wrong = await PostAsync(client, ("X-Api-Key", "0123456789abcdef0123456789abcdeX"));
        using HttpResponseMessage shorter = await PostAsync(client, ("Authorization", "Bearer 0123"));
        using HttpResponseMessage header = await PostAsync(client, ("X-Api-Key", ApiKey));
        using HttpResponseMessage bearer = await PostAsync(client, ("Authorization", "Bearer " + ApiKey));
        using HttpResponseMessage openApi = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        using HttpResponseMessage health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        foreach (HttpResponseMessage refused in new[] { none, wrong, shorter, openApi })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            string problem = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain(ApiKey, problem, StringComparison.Ordinal);
        }

        Assert.Contains("X-Api-Key", await none.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Guard_NoApiKeyConfigured_AnswersWithoutOne()
    {
        await using Started server = await StartAsync(new GuardServerSettings("http://127.0.0.1:0", 1 << 20));
        using var client = new HttpClient { BaseAddress = server.Server.Addresses[0] };

        using HttpResponseMessage response = await PostAsync(client, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Guard_FailureMentioningAPath_ResponseShowsOnlyTheFileName()
    {
        var embedder = new ControllableEmbeddingGenerator();
        await using Started server = await StartAsync(
            new GuardServerSettings("http://127.0.0.1:0", 1 << 20),
            () => new CanonicalizingEmbeddingGenerator(embedder));
        using var client = new HttpClient { BaseAddress = server.Server.Addresses[0] };
        embedder.Failure = new RagPrefException("Cannot read the model '/home/alice/models/minilm/model.onnx': it is gone.");
        using var content = new StringContent("""{"surface": "tool_call", "tool": "read_file", "arguments": {"path": "notes.md"}}""", Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await client.PostAsync("/v1/guard", content, TestContext.Current.CancellationToken);

        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(body);
        Assert.Equal("Cannot read the model 'model.onnx': it is gone.", doc.RootElement.GetProperty("failure").GetProperty("reason").GetString());
        Assert.DoesNotContain("/home/alice", body, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, (string Name, string Value)? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/guard") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            string sofar = text.ToString();
            if (sofar.Contains("\r\n\r\n", StringComparison.Ordinal) && sofar.Contains('}', StringComparison.Ordinal))
            {
                break;
            }
        }

        return text.ToString();
    }

    private static async Task<Started> StartAsync(GuardServerSettings settings, Func<CanonicalizingEmbeddingGenerator>? openEmbedder = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), "ragpref-serve-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string storePath = Path.Combine(folder, "lexical.rpstore");
        (CanonicalizingEmbeddingGenerator embedder, ExampleStore store) = await LexicalGuard.BuildStoreAsync();
        using (embedder)
        using (store)
        {
            store.Save(storePath);
        }

        var log = new StringWriter();
        GuardServer server = await GuardServer.StartAsync(
            settings,
            services => ServeServices.AddGuard(
                services,
                storePath,
                new GuardOptions(),
                TimeSpan.FromSeconds(30),
                openEmbedder ?? (() => new CanonicalizingEmbeddingGenerator(new HashedNGramEmbeddingGenerator()))),
            TextWriter.Synchronized(log),
            TestContext.Current.CancellationToken);
        return new Started(server, folder);
    }

    private sealed class Started(GuardServer server, string folder) : IAsyncDisposable
    {
        public GuardServer Server { get; } = server;

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The store may still be open for a moment; it lives in the temp folder.
            }
        }
    }
}
