using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.Lexical;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Serving;

/// <summary>
/// One real guard service on a free loopback port, over the lexical test guard (at most 4 windows a text, a 16 KiB
/// body limit), started through <see cref="GuardServer.StartAsync"/> like <c>ragpref serve</c>.
/// </summary>
public sealed class GuardServerFixture : IAsyncLifetime
{
    public const long MaxBodyBytes = 16 * 1024;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ragpref-serve-" + Guid.NewGuid().ToString("N"));
    private GuardServer? _server;

    public HttpClient Client { get; private set; } = null!;

    public StringWriter Log { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        string storePath = Path.Combine(_folder, "lexical.rpstore");
        (CanonicalizingEmbeddingGenerator embedder, ExampleStore store) = await LexicalGuard.BuildStoreAsync();
        using (embedder)
        using (store)
        {
            store.Save(storePath);
        }

        _server = await GuardServer.StartAsync(
            new GuardServerSettings("http://127.0.0.1:0", MaxBodyBytes),
            services => ServeServices.AddGuard(
                services,
                storePath,
                new GuardOptions { MaxWindows = 4 },
                TimeSpan.FromSeconds(30),
                () => new CanonicalizingEmbeddingGenerator(new HashedNGramEmbeddingGenerator())),
            Log,
            CancellationToken.None);
        Client = new HttpClient { BaseAddress = _server.Addresses[0] };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The mapped store file may still be open for a moment; it lives in the temp folder.
        }
    }
}
