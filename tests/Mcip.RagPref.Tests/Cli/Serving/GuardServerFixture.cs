using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Serving;

/// <summary>
/// One real guard service on a free loopback port, over the lexical test guard (at most 4 windows a text, a 16 KiB
/// body limit), started through <see cref="GuardServer.StartAsync"/> like <c>ragpref serve</c>.
/// </summary>
public sealed class GuardServerFixture : IAsyncLifetime
{
    public const long MaxBodyBytes = 16 * 1024;

    private RagPrefGuard? _guard;
    private GuardServer? _server;

    public HttpClient Client { get; private set; } = null!;

    public StringWriter Log { get; } = new();

    public async ValueTask InitializeAsync()
    {
        _guard = await LexicalGuard.CreateAsync(new GuardOptions { MaxWindows = 4 });
        RagPrefGuard guard = _guard;
        _server = await GuardServer.StartAsync(
            new GuardServerSettings("http://127.0.0.1:0", MaxBodyBytes),
            services => ServeServices.AddGuard(services, guard),
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

        _guard?.Dispose();
    }
}
