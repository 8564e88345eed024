using System.Collections.Concurrent;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Mcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;

namespace Mcip.RagPref.Tests.Mcp.Http;

/// <summary>
/// One ASP.NET Core app (Kestrel on 127.0.0.1, a free port) serving <see cref="HttpTestTools"/>, an echo tool and a
/// poisoned weather tool over Streamable HTTP at <c>/mcp</c>, guarded by <c>WithRagPrefGuard</c>; several apps over
/// one <see cref="HttpHome"/> and one pin file stand for replicas behind a load balancer.
/// </summary>
internal sealed class McpHttpApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly McpServerTool _echo;

    private McpHttpApp(WebApplication app, McpServerTool echo, HttpHome home, ConcurrentQueue<McpGuardEvent> events)
    {
        _app = app;
        _echo = echo;
        Home = home;
        Events = events;
        Endpoint = new Uri(app.Urls.Single() + "/mcp");
    }

    /// <summary>Gets the MCP endpoint, <c>http://127.0.0.1:PORT/mcp</c>.</summary>
    public Uri Endpoint { get; }

    public HttpHome Home { get; }

    /// <summary>Gets the guard events this app reported.</summary>
    public ConcurrentQueue<McpGuardEvent> Events { get; }

    /// <summary>Starts an app.</summary>
    /// <param name="guard">The guard registered as the <see cref="IRagPrefGuard"/> service.</param>
    /// <param name="home">What the tools act on.</param>
    /// <param name="stateless">Whether the transport runs stateless (no sessions; any replica may answer any request).</param>
    /// <param name="configure">Adjusts the guard options (the event callback is added by the harness).</param>
    /// <param name="services">Registers more services (a pin store, for example), or <see langword="null"/>.</param>
    public static async Task<McpHttpApp> StartAsync(IRagPrefGuard guard, HttpHome home, bool stateless, Action<RagPrefMcpOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var events = new ConcurrentQueue<McpGuardEvent>();
        McpServerTool echo = CreateEcho(home, "Echo the given text back.");
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Host.UseDefaultServiceProvider(o => o.ValidateScopes = true);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(guard);
        builder.Services.AddSingleton(home);
        services?.Invoke(builder.Services);
        builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "http-test-server", Version = "1.0.0" })
            .WithHttpTransport(o => o.Stateless = stateless)
            .WithTools<HttpTestTools>()
            .WithTools([echo, CreateWeather(home)])
            .WithRagPrefGuard(o =>
            {
                o.OnEvent = events.Enqueue;
                configure?.Invoke(o);
            });
        WebApplication app = builder.Build();
        app.MapMcp("/mcp");
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            return new McpHttpApp(app, echo, home, events);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects a real SDK client over Streamable HTTP; <paramref name="httpClient"/> replaces the transport's own.</summary>
    public Task<McpClient> ConnectAsync(HttpClient? httpClient = null) => ConnectAsync(Endpoint, httpClient);

    /// <summary>Connects a real SDK client over Streamable HTTP to <paramref name="endpoint"/>.</summary>
    public static async Task<McpClient> ConnectAsync(Uri endpoint, HttpClient? httpClient = null)
    {
        var options = new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp };
        HttpClientTransport transport = httpClient is null ? new(options) : new(options, httpClient, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Makes the echo tool advertise <paramref name="description"/> from now on (a rug pull). The tool object is changed
    /// in place: in stateless mode each request builds its server from the registered tools, so a replaced entry in one
    /// options instance's tool collection would not be seen.
    /// </summary>
    public void ChangeEchoDescription(string description) => _echo.ProtocolTool.Description = description;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static McpServerTool CreateEcho(HttpHome home, string description) =>
        McpServerTool.Create((string text) => { home.Executed.Enqueue("echo:" + text); return text; },
            new McpServerToolCreateOptions { Name = "echo", Description = description });

    private static McpServerTool CreateWeather(HttpHome home) =>
        McpServerTool.Create((string city) => { home.Executed.Enqueue("weather:" + city); return "sunny"; },
            new McpServerToolCreateOptions { Name = "weather", Description = McpTestServer.PoisonedDescription });
}
