using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Hosting;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Mcip.RagPref.Cli.Proxying;

/// <summary>
/// Runs <c>ragpref mcp-proxy</c>: connects to the upstream, opens the guard, then serves MCP on the process's own
/// stdin/stdout until the downstream client closes stdin (exit 0) or the upstream goes away
/// (<see cref="McpUpstreamException"/>). Everything but protocol messages goes to standard error; the SDK's own logs
/// only with <c>--verbose</c> (the proxy reports upstream failures itself, in one line).
/// </summary>
internal static class McpProxyRunner
{
    public static async Task<int> RunAsync(
        McpProxySettings settings,
        string? storePath,
        GuardOptions guardOptions,
        Func<CanonicalizingEmbeddingGenerator> openEmbedder,
        CliConsole console,
        CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddProvider(new TextWriterLoggerProvider(console.Error))
            .SetMinimumLevel(settings.Verbose ? LogLevel.Debug : LogLevel.Information)
            .AddFilter("ModelContextProtocol", settings.Verbose ? LogLevel.Debug : LogLevel.None)
            .AddFilter("Mcip.RagPref.Hosting", settings.Verbose ? LogLevel.Debug : LogLevel.Warning));
        ServeServices.AddGuard(services, storePath, guardOptions, settings.GuardTimeout, openEmbedder);
        services.Configure<RagPrefOptions>(o => o.FailureModes = settings.FailureModes);
        ServiceProvider provider = services.BuildServiceProvider();
        await using (provider.ConfigureAwait(false))
        {
            ILoggerFactory loggerFactory = provider.GetRequiredService<ILoggerFactory>();
            UpstreamConnection upstream = settings.Endpoint is { } endpoint
                ? await UpstreamConnection.ConnectHttpAsync(endpoint, settings.MaxMessageBytes, settings.ConnectTimeout, loggerFactory, cancellationToken).ConfigureAwait(false)
                : await UpstreamConnection.StartProcessAsync(settings.Command!, settings.MaxMessageBytes, settings.ConnectTimeout, console.Error, loggerFactory, cancellationToken).ConfigureAwait(false);
            await using (upstream.ConfigureAwait(false))
            {
                IRagPrefGuard guard = await OpenGuardAsync(provider, cancellationToken).ConfigureAwait(false);
                return await ProxyAsync(settings, upstream, guard, loggerFactory, console, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> ProxyAsync(
        McpProxySettings settings,
        UpstreamConnection upstream,
        IRagPrefGuard guard,
        ILoggerFactory loggerFactory,
        CliConsole console,
        CancellationToken cancellationToken)
    {
        await console.Error.WriteLineAsync($"mcp-proxy: connected to {upstream.Client.ServerInfo?.Name} {upstream.Client.ServerInfo?.Version} ({upstream.Name})").ConfigureAwait(false);

        var options = new RagPrefMcpProxyOptions
        {
            PinFilePath = settings.PinFile,
            OnDescriptionChanged = settings.OnDescriptionChanged,
            MarkFlaggedOutputs = settings.MarkFlaggedOutputs,
            RefuseFlaggedCalls = settings.RefuseFlaggedCalls,
            Logger = loggerFactory.CreateLogger("Mcip.RagPref.Mcp.Proxy"),
        };
        var proxy = new RagPrefMcpProxy(upstream.Client, guard, options);
        await using (proxy.ConfigureAwait(false))
        {
            return await ServeAsync(settings, upstream, proxy, loggerFactory, console, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> ServeAsync(
        McpProxySettings settings,
        UpstreamConnection upstream,
        RagPrefMcpProxy proxy,
        ILoggerFactory loggerFactory,
        CliConsole console,
        CancellationToken cancellationToken)
    {
        McpServerOptions serverOptions;
        try
        {
            serverOptions = await proxy.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is McpException or IOException)
        {
            throw new McpUpstreamException($"the upstream server '{upstream.Name}' failed to list its tools: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        await console.Error.WriteLineAsync(
            $"mcp-proxy: {proxy.ToolCount} tools screened, {proxy.WithheldCount} withheld; pins {(settings.PinFile is null ? "in memory" : "in " + Path.GetFullPath(settings.PinFile))}; serving MCP on stdin/stdout").ConfigureAwait(false);

        var input = new BoundedLineStream(Console.OpenStandardInput(), settings.MaxMessageBytes, "the MCP client");
        var transport = new StreamServerTransport(input, Console.OpenStandardOutput(), serverOptions.ServerInfo?.Name, loggerFactory);
        McpServer server = McpServer.Create(transport, serverOptions, loggerFactory);
        await using (server.ConfigureAwait(false))
        {
            proxy.Attach(server);
            return await RunUntilEitherEndsAsync(server, upstream, input, console, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunUntilEitherEndsAsync(McpServer server, UpstreamConnection upstream, BoundedLineStream input, CliConsole console, CancellationToken cancellationToken)
    {

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task serving = server.RunAsync(stop.Token);
        Task<string> ended = upstream.WaitForEndAsync(stop.Token);
        Task first = await Task.WhenAny(serving, ended).ConfigureAwait(false);
        if (first == ended && ended.IsCompletedSuccessfully)
        {
            string reason = await ended.ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await ObserveAsync(serving).ConfigureAwait(false);
            throw new McpUpstreamException(reason + ".");
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await ObserveAsync(ended).ConfigureAwait(false);
        await serving.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (input.Exceeded)
        {
            throw new RagPrefException(input.LimitMessage + ".");
        }

        await console.Error.WriteLineAsync("mcp-proxy: the client closed the connection; stopping").ConfigureAwait(false);
        return CliExitCodes.Success;
    }

    /// <summary>Resolves the hosted guard (validating its options) and screens one short prompt, so a missing store or model fails here.</summary>
    private static async Task<IRagPrefGuard> OpenGuardAsync(ServiceProvider provider, CancellationToken cancellationToken)
    {
        try
        {
            _ = provider.GetRequiredService<IOptions<RagPrefOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new RagPrefException("The guard cannot start: " + ex.Message, ex);
        }

        IRagPrefGuard guard = provider.GetRequiredService<IRagPrefGuard>();
        GuardResult warm = await guard.GuardAsync(GuardRequest.UserPrompt("List the files in my notes folder."), cancellationToken).ConfigureAwait(false);
        if (warm.Failure is { } failure)
        {
            throw new RagPrefException($"The guard could not start: {failure.Reason}");
        }

        return guard;
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
        catch (Exception ex) when (ex is IOException or McpException or InvalidOperationException)
        {
            // The other side's end is what gets reported.
        }
    }
}
