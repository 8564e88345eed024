using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// The guard service: a Kestrel minimal-API host with <c>POST /v1/guard</c>, <c>POST /v1/compose</c>, <c>POST /v1/examples</c>, <c>GET /healthz</c>
/// and <c>GET /openapi/v1.json</c>. <c>ragpref serve</c>, <c>ragpref bench http</c> and the tests all start it here.
/// </summary>
internal sealed class GuardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GuardServer(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Addresses = addresses;
    }

    /// <summary>The addresses the server listens on (with the real port when port 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The server's services (for what the command reports at start).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds and starts the server; it then serves until <see cref="WaitForShutdownAsync"/> ends or it is disposed.</summary>
    /// <param name="settings">Addresses and limits.</param>
    /// <param name="addGuard">Registers the <see cref="Guard.IRagPrefGuard"/> and its health check (<see cref="ServeServices.AddGuard"/>).</param>
    /// <param name="log">Where log lines go (standard error).</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    public static async Task<GuardServer> StartAsync(GuardServerSettings settings, Action<IServiceCollection> addGuard, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(addGuard);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.MaxBodyBytes);
        WebApplication app = Build(settings, addGuard, log);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            ICollection<string> bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            var addresses = new List<Uri>(bound.Count);
            foreach (string address in bound)
            {
                addresses.Add(new Uri(address));
            }

            return new GuardServer(app, addresses);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new RagPrefException($"The guard service could not listen on '{settings.Urls}' ({ex.Message}). Pass a free port with --urls http://127.0.0.1:PORT.", ex);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled or the host is told to stop (Ctrl+C, SIGTERM), then stops gracefully.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server (if it still runs) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static WebApplication Build(GuardServerSettings settings, Action<IServiceCollection> addGuard, TextWriter log)
    {
        // No command-line args and the tool's own folder as content root: nothing in the caller's folder configures the service.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(settings.MinBodyBytesPerSecond, settings.BodyGracePeriod);
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TextWriterLoggerProvider(log));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (!settings.LogVerdicts)
        {
            // The library's categories all start with Mcip.RagPref: keep their errors (failures, store loads), drop a line per verdict.
            builder.Logging.AddFilter("Mcip.RagPref", LogLevel.Error);
        }

        // A start-up failure is reported once, by the command, with the message that lists every problem.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ServeJsonContext.Default);
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ServeProblems.AddDetail);
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ragpref guard service";
            document.Info.Description = "RAG-Pref guard for LLM agents using MCP tools: screen prompts, tool calls, tool outputs and tool descriptions; compose the contrastive context into a conversation.";
            return Task.CompletedTask;
        }));
        addGuard(builder.Services);

        WebApplication app = builder.Build();
        // A bad request the server itself detects while the body is read (too slow: 408, too large: 413) keeps its status, not 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ex => ex is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        ApiKeyAuthentication.Use(app, settings.ApiKey);
        GuardEndpoint.Map(app, settings);
        ComposeEndpoint.Map(app, settings);
        ExamplesEndpoint.Map(app, settings);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthJsonWriter.WriteAsync });
        app.MapOpenApi();
        return app;
    }
}
