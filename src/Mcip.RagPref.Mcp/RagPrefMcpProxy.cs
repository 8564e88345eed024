using System.Globalization;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Mcp.Server;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcip.RagPref.Mcp;

/// <summary>
/// A guarding MCP proxy's tool side: answers <c>tools/list</c> and <c>tools/call</c> for a downstream client by
/// forwarding them to an upstream server through an <see cref="McpClient"/>, with the screening of the server filters
/// (<c>WithRagPrefGuard</c>: descriptions screened and pinned, calls screened before they are forwarded, calls to
/// withheld tools refused) and of the client side (<see cref="RagPrefMcpClientExtensions"/>: results screened before
/// they are returned). The upstream's instructions are screened like a description and dropped when blocked. Relays the
/// upstream's <c>notifications/tools/list_changed</c> and <c>notifications/progress</c>, and passes a downstream
/// cancellation on to the upstream call. The <c>ragpref mcp-proxy</c> command is built on it.
/// </summary>
/// <remarks>
/// <para>
/// Use: connect an <see cref="McpClient"/> to the upstream, create the proxy, call <see cref="StartAsync"/> for the
/// downstream server's options, create the server on any transport with them (<c>McpServer.Create</c>), call
/// <see cref="Attach"/> with it, and run it. Dispose the proxy before the upstream client.
/// </para>
/// <para>Thread-safe. Resources, prompts, completions, logging and sampling are not proxied.</para>
/// </remarks>
public sealed class RagPrefMcpProxy : IAsyncDisposable
{
    /// <summary>The tool name under which the upstream's instructions are screened and reported in events: <c>(server instructions)</c>.</summary>
    public const string InstructionsName = "(server instructions)";

    private readonly McpClient _upstream;
    private readonly IRagPrefGuard _guard;
    private readonly McpToolGuard _tools;
    private readonly ToolOutputScreen _outputs;
    private readonly McpEventSink _events;
    private readonly string? _serverName;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private Task _listChanged = Task.CompletedTask;
    private readonly List<IAsyncDisposable> _registrations = [];
    private McpServer? _downstream;
    private long _nextRequest;

    /// <summary>Creates the proxy over a connected upstream client.</summary>
    /// <param name="upstream">The client connected to the upstream server; the proxy does not dispose it.</param>
    /// <param name="guard">The guard that screens descriptions, calls and results.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="upstream"/> or <paramref name="guard"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The pin file exists but cannot be read.</exception>
    public RagPrefMcpProxy(McpClient upstream, IRagPrefGuard guard, RagPrefMcpProxyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(guard);
        options ??= new RagPrefMcpProxyOptions();
        ILogger logger = options.Logger ?? NullLogger.Instance;
        TimeProvider time = options.TimeProvider ?? TimeProvider.System;
        _upstream = upstream;
        _guard = guard;
        _serverName = options.ServerName ?? upstream.ServerInfo?.Name;
        var named = new RagPrefMcpOptions
        {
            ServerName = _serverName,
            OnDescriptionChanged = options.OnDescriptionChanged,
            PinFilePath = options.PinFilePath,
            OnEvent = options.OnEvent,
            LogRequestText = options.LogRequestText,
        };
        _events = new McpEventSink(options.OnEvent, logger, time, options.LogRequestText);
        _tools = new McpToolGuard(guard, named, ToolPinStore.Open(options.PinFilePath), logger, time) { RefuseFlaggedCalls = options.RefuseFlaggedCalls };
        _outputs = new ToolOutputScreen(guard, _events, options.MarkFlaggedOutputs);
    }

    /// <summary>Gets how many tools the upstream listed at the last refresh.</summary>
    public int ToolCount { get; private set; }

    /// <summary>Gets how many of them were withheld (poisoned or changed).</summary>
    public int WithheldCount { get; private set; }

    /// <summary>Gets the tool screening and pins shared with the server filters.</summary>
    internal McpToolGuard Tools => _tools;

    /// <summary>
    /// Screens and pins the upstream's tools once (so calls are judged even before the first listing) and returns the
    /// options of the downstream server: the upstream's implementation info, its instructions unless they are blocked,
    /// and the tool handlers.
    /// </summary>
    /// <param name="cancellationToken">Cancels listing and screening.</param>
    /// <returns>The server options.</returns>
    /// <exception cref="McpException">The upstream failed to list its tools.</exception>
    /// <exception cref="IOException">The connection to the upstream failed.</exception>
    public async Task<McpServerOptions> StartAsync(CancellationToken cancellationToken = default)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        string? instructions = await ScreenInstructionsAsync(cancellationToken).ConfigureAwait(false);
        _registrations.Add(_upstream.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, OnToolListChangedAsync));
        _registrations.Add(_upstream.RegisterNotificationHandler(NotificationMethods.ProgressNotification, RelayAsync));
        Implementation upstream = _upstream.ServerInfo ?? new Implementation { Name = "mcp-server", Version = "0" };
        return new McpServerOptions
        {
            ServerInfo = new Implementation { Name = upstream.Name, Title = upstream.Title, Version = upstream.Version, Description = upstream.Description, WebsiteUrl = upstream.WebsiteUrl },
            ServerInstructions = instructions,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = ListToolsAsync,
                CallToolHandler = CallToolAsync,
            },
        };
    }

    /// <summary>Sets the downstream server that relayed notifications go to.</summary>
    /// <param name="server">The server created with the options from <see cref="StartAsync"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="server"/> is <see langword="null"/>.</exception>
    public void Attach(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        Volatile.Write(ref _downstream, server);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable registration in _registrations)
        {
            await registration.DisposeAsync().ConfigureAwait(false);
        }

        _registrations.Clear();
        Task pending;
        lock (_lifetime)
        {
            _lifetime.Cancel();
            pending = _listChanged;
        }

        await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _lifetime.Dispose();
        _refresh.Dispose();
    }

    /// <summary>Forwards one page of <c>tools/list</c> and withholds the tools whose description is poisoned or changed.</summary>
    internal async ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken)
    {
        ListToolsResult page = await _upstream.ListToolsAsync(new ListToolsRequestParams { Cursor = context.Params?.Cursor }, cancellationToken).ConfigureAwait(false);
        return await _tools.FilterListAsync(page, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Screens a <c>tools/call</c>, forwards it when it passes, and screens the result.</summary>
    internal async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        if (context.Params?.Name is not { Length: > 0 } tool)
        {
            throw new McpProtocolException("tools/call needs the name of a tool.", McpErrorCode.InvalidParams);
        }

        if (_tools.StandingOf(tool) is null)
        {
            // A tool first heard of in a call: list the upstream's tools again, so it is screened and pinned before it runs.
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (_tools.StandingOf(tool) is null)
            {
                return ErrorResult($"Mcip.RagPref refused the call to tool '{tool}': the upstream server does not list such a tool, so its description could not be screened. The call was not forwarded.");
            }
        }

        return await _tools.FilterCallAsync(context, ForwardAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists every upstream tool (all pages) and screens and pins each one.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string? cursor = null;
            int tools = 0;
            int withheld = 0;
            do
            {
                ListToolsResult page = await _upstream.ListToolsAsync(new ListToolsRequestParams { Cursor = cursor }, cancellationToken).ConfigureAwait(false);
                foreach (Tool tool in page.Tools ?? [])
                {
                    ToolStanding standing = await _tools.InspectAsync(tool, _serverName, cancellationToken).ConfigureAwait(false);
                    tools++;
                    withheld += standing.Withheld ? 1 : 0;
                }

                cursor = page.NextCursor;
            }
            while (!string.IsNullOrEmpty(cursor));
            ToolCount = tools;
            WithheldCount = withheld;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async ValueTask<CallToolResult> ForwardAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        CallToolRequestParams call = context.Params!;
        string tool = call.Name;
        var id = new RequestId("ragpref-proxy-" + Interlocked.Increment(ref _nextRequest).ToString(CultureInfo.InvariantCulture));
        CallToolResult result;
        try
        {
            result = await _upstream.SendRequestAsync<CallToolRequestParams, CallToolResult>(
                RequestMethods.ToolsCall, call, McpJsonUtilities.DefaultOptions, id, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelUpstreamAsync(id).ConfigureAwait(false);
            throw;
        }

        string text = ResultText(result);
        if (text.Length == 0)
        {
            return result;
        }

        ToolOutputDecision decision = await _outputs.ScreenAsync(_serverName, tool, text, cancellationToken).ConfigureAwait(false);
        if (decision.Refusal is { } refusal)
        {
            return ErrorResult(refusal);
        }

        if (decision.Notice is { } notice)
        {
            result.Content = [new TextContentBlock { Text = notice }, .. result.Content ?? []];
        }

        return result;
    }

    /// <summary>Tells the upstream that a forwarded call was cancelled downstream (the SDK client does not say so itself). Best effort.</summary>
    private async Task CancelUpstreamAsync(RequestId id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _upstream.SendNotificationAsync(
                NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = id, Reason = "The downstream client cancelled the call." },
                McpJsonUtilities.DefaultOptions,
                deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException or McpException)
        {
            McpGuardLog.RelayFailed(_events.Logger, NotificationMethods.CancelledNotification, ex.Message);
        }
    }

    private ValueTask OnToolListChangedAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        // Not awaited in the handler: it runs on the upstream session's message loop, and the refresh waits for the
        // upstream's answer to tools/list, which that same loop has to read. Refreshes run one after another.
        lock (_lifetime)
        {
            if (!_lifetime.IsCancellationRequested)
            {
                _listChanged = _listChanged.ContinueWith(
                    _ => RefreshThenRelayAsync(notification, _lifetime.Token),
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default).Unwrap();
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task RefreshThenRelayAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        // Judge the new descriptions first, so a changed tool is withheld even from a client that does not list again.
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            await RelayAsync(notification, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The proxy is being disposed.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or McpException or RagPrefException or ObjectDisposedException)
        {
            McpGuardLog.RelayFailed(_events.Logger, notification.Method, ex.Message);
            await RelayAsync(notification, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask RelayAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _downstream) is not { } server)
        {
            return;
        }

        try
        {
            await server.SendMessageAsync(new JsonRpcNotification { Method = notification.Method, Params = notification.Params }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or McpException)
        {
            McpGuardLog.RelayFailed(_events.Logger, notification.Method, ex.Message);
        }
    }

    /// <summary>Screens the upstream's instructions (they reach the model like a description); blocked ones are dropped.</summary>
    private async Task<string?> ScreenInstructionsAsync(CancellationToken cancellationToken)
    {
        if (_upstream.ServerInstructions is not { Length: > 0 } instructions)
        {
            return null;
        }

        GuardRequest request = GuardRequest.ToolDescription(InstructionsName, instructions, null);
        GuardResult result = await _guard.GuardAsync(request, cancellationToken).ConfigureAwait(false);
        _events.Screened(request, result);
        if (ToolScreening.Refuses(result))
        {
            _events.Report(McpGuardEventKind.DescriptionBlocked, _serverName, InstructionsName, result.Verdict, result,
                $"Mcip.RagPref blocked the upstream server's instructions as poisoned: {GuardEvidence.Explain(result)}. They are not passed on.");
            return null;
        }

        return instructions;
    }

    /// <summary>The text of a tool result that reaches the model: text blocks, embedded text resources and structured content.</summary>
    internal static string ResultText(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (ContentBlock block in result.Content ?? [])
        {
            string? part = block switch
            {
                TextContentBlock t => t.Text,
                EmbeddedResourceBlock { Resource: TextResourceContents r } => r.Text,
                _ => null,
            };
            Append(text, part);
        }

        if (result.StructuredContent is { } structured)
        {
            string json = structured.ValueKind == JsonValueKind.Undefined ? string.Empty : structured.GetRawText();
            if (json.Length > 0 && !text.ToString().Contains(json, StringComparison.Ordinal))
            {
                Append(text, json);
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string? part)
    {
        if (!string.IsNullOrEmpty(part))
        {
            text.Append(text.Length > 0 ? "\n" : string.Empty).Append(part);
        }
    }

    private static CallToolResult ErrorResult(string reason) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = reason }] };
}
