using Mcip.RagPref;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Mcp.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Mcip.RagPref guard on an MCP server built with the ModelContextProtocol C# SDK.</summary>
public static class RagPrefMcpServerBuilderExtensions
{
    /// <summary>
    /// Adds request filters that guard the server's tools with the registered <c>IRagPrefGuard</c>:
    /// <list type="bullet">
    /// <item><description>call-tool: each call is screened as a tool call (server, tool name, arguments). A blocked call
    /// is not run; the client receives a tool error (<c>isError: true</c>) naming the tool, the verdict, the score and
    /// the matched attack examples. A flagged call runs and is recorded. Calls to withheld tools are refused.</description></item>
    /// <item><description>list-tools: every advertised tool is screened as a tool description and pinned (SHA-256 of
    /// name, description and input schema) on first sight. Tools whose description is blocked (poisoned) are withheld:
    /// left out of the list and refused when called. A pinned tool that later changes is a possible rug pull: it is
    /// recorded and withheld or kept per <see cref="RagPrefMcpOptions.OnDescriptionChanged"/> (default: withheld).</description></item>
    /// </list>
    /// Flags, blocks, refusals and changes are logged and passed to <see cref="RagPrefMcpOptions.OnEvent"/>. A guard that
    /// throws fails closed: the call is refused, or the tool withheld, with a tool error (never a protocol error or an
    /// HTTP 500); the exception goes to the log, not to the client.
    /// </summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <param name="configure">Adjusts the options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>
    /// The guard itself comes from DI as <c>Mcip.RagPref.Guard.IRagPrefGuard</c>: call <c>services.AddRagPref(...)</c>
    /// (package Mcip.RagPref.Hosting) or register an instance. When none is registered, or the pin file is corrupt, host
    /// start-up fails (options validated on start) with a message saying what to do; without a host, the first filtered
    /// request fails the same way. Calling this method twice registers the filters once and applies both
    /// <paramref name="configure"/> actions.
    /// <para>
    /// Works with every transport, including Streamable HTTP (<c>WithHttpTransport()</c> and <c>MapMcp()</c> from
    /// ModelContextProtocol.AspNetCore), stateful or stateless: the pins and standings live in one singleton per
    /// process, shared by all sessions and requests (replicas share pins through one
    /// <see cref="RagPrefMcpOptions.PinFilePath"/>), and each screening observes the request's cancellation token (in
    /// stateless mode an aborted HTTP request cancels it; in stateful mode a <c>notifications/cancelled</c> does).
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IMcpServerBuilder WithRagPrefGuard(this IMcpServerBuilder builder, Action<RagPrefMcpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OptionsBuilder<RagPrefMcpOptions> options = builder.Services.AddOptions<RagPrefMcpOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        bool registered = builder.Services.Any(static d => d.ServiceType == typeof(McpToolGuard));
        if (registered)
        {
            return builder;
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RagPrefMcpOptions>, RagPrefMcpOptionsValidator>());
        builder.Services.TryAddSingleton(McpToolGuard.Create);
        builder.WithRequestFilters(static filters =>
        {
            filters.AddListToolsFilter(static next => async (context, cancellationToken) =>
            {
                McpToolGuard guard = Resolve(context.Services ?? context.Server.Services);
                var result = await next(context, cancellationToken).ConfigureAwait(false);
                return await guard.FilterListAsync(result, context.Server, cancellationToken).ConfigureAwait(false);
            });
            filters.AddCallToolFilter(static next => (context, cancellationToken) =>
                Resolve(context.Services ?? context.Server.Services).FilterCallAsync(context, next, cancellationToken));
        });
        return builder;
    }

    private static McpToolGuard Resolve(IServiceProvider? services) =>
        services?.GetService<McpToolGuard>()
        ?? throw new RagPrefException("The Mcip.RagPref MCP filters found no service provider on the request; build the server through AddMcpServer() so that WithRagPrefGuard's services are available.");
}
