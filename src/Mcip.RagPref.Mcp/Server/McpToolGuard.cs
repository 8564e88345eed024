using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcip.RagPref.Mcp.Server;

/// <summary>
/// The state and decisions behind the server filters: screens tool calls, screens and pins advertised tools, and
/// remembers which tools are withheld. One instance per server (a DI singleton).
/// </summary>
/// <remarks>
/// Thread-safe. Each distinct description (by hash) is screened once; its flag/block event is reported once, and a
/// change of a pinned tool is reported once per new description. A guard that throws fails closed: the call is
/// refused, or the tool withheld, with a tool error rather than a protocol error; such a failure is not remembered, so
/// the next listing or call screens again. A screening cancelled with the request that asked for it (the client
/// cancelled, or its HTTP request was aborted) is not remembered either.
/// </remarks>
internal sealed class McpToolGuard
{
    /// <summary>The message given when no <see cref="IRagPrefGuard"/> is registered.</summary>
    public const string NoGuardMessage =
        "WithRagPrefGuard needs an IRagPrefGuard service, but none is registered. Call services.AddRagPref(...) " +
        "(package Mcip.RagPref.Hosting) or register one yourself, for example services.AddSingleton<IRagPrefGuard>(await RagPrefGuard.CreateDefaultAsync()).";

    private readonly IRagPrefGuard _guard;
    private readonly RagPrefMcpOptions _options;
    private readonly McpEventSink _events;
    private readonly ConcurrentDictionary<string, Task<GuardResult>> _descriptionScreens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ToolStanding> _standings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _reportedChanges = new(StringComparer.Ordinal);

    public McpToolGuard(IRagPrefGuard guard, RagPrefMcpOptions options, IMcpToolPinStore pins, ILogger logger, TimeProvider time)
    {
        _guard = guard;
        _options = options;
        Pins = pins;
        _events = new McpEventSink(options.OnEvent, logger, time, options.LogRequestText);
    }

    /// <summary>
    /// Gets or sets a value indicating whether flagged calls are refused like blocked ones (the guarding proxy's
    /// <c>--refuse-flagged-calls</c>, for agents no one reviews). Default <see langword="false"/>: flagged calls run and are reported.
    /// </summary>
    public bool RefuseFlaggedCalls { get; init; }

    /// <summary>Gets the tool pins.</summary>
    public IMcpToolPinStore Pins { get; }

    /// <summary>Returns what was last decided about <paramref name="tool"/>, or <see langword="null"/> when it was never inspected.</summary>
    public ToolStanding? StandingOf(string tool) => _standings.GetValueOrDefault(tool);

    /// <summary>Creates the instance from DI.</summary>
    /// <exception cref="RagPrefException">No <see cref="IRagPrefGuard"/> is registered, or the pin file is corrupt.</exception>
    public static McpToolGuard Create(IServiceProvider services)
    {
        IRagPrefGuard guard = services.GetService<IRagPrefGuard>() ?? throw new RagPrefException(NoGuardMessage);
        RagPrefMcpOptions options = services.GetRequiredService<IOptions<RagPrefMcpOptions>>().Value;
        ILogger logger = services.GetService<ILoggerFactory>()?.CreateLogger("Mcip.RagPref.Mcp") ?? NullLogger.Instance;
        IMcpToolPinStore pins = services.GetService<IMcpToolPinStore>() ?? ToolPinStore.Open(options.PinFilePath);
        return new McpToolGuard(guard, options, pins, logger, services.GetService<TimeProvider>() ?? TimeProvider.System);
    }

    /// <summary>Screens a tool call; returns the tool's result, or a tool error when the call is refused or blocked.</summary>
    public async ValueTask<CallToolResult> FilterCallAsync(
        RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        CancellationToken cancellationToken)
    {
        if (context.Params?.Name is not { Length: > 0 } tool)
        {
            return await next(context, cancellationToken).ConfigureAwait(false);
        }

        string? server = ServerName(context.Server);
        ToolStanding? standing = context.MatchedPrimitive is McpServerTool matched
            ? await InspectAsync(matched.ProtocolTool, server, cancellationToken).ConfigureAwait(false)
            : _standings.GetValueOrDefault(tool);
        if (standing is { Withheld: true })
        {
            string refusal = $"Mcip.RagPref refused the call to tool '{tool}': the tool is withheld because {standing.Reason}. The tool was not run.";
            _events.Report(McpGuardEventKind.CallRefused, server, tool, GuardVerdict.Block, standing.Evidence, refusal);
            return ErrorResult(refusal);
        }

        GuardRequest request = GuardRequest.ToolCall(server, tool, AsReadOnly(context.Params.Arguments));
        GuardResult result = await ScreenAsync(request, server, cancellationToken).ConfigureAwait(false);
        _events.Screened(request, result);
        if (ToolScreening.Refuses(result, RefuseFlaggedCalls))
        {
            string reason = result.Verdict == GuardVerdict.Block
                ? $"Mcip.RagPref blocked the call to tool '{tool}': {GuardEvidence.Explain(result)}. The tool was not run."
                : $"Mcip.RagPref refused the call to tool '{tool}', which it flagged (flagged calls are refused here): {GuardEvidence.Explain(result)}. The tool was not run.";
            _events.Report(McpGuardEventKind.CallBlocked, server, tool, result.Verdict, result, reason);
            return ErrorResult(reason);
        }

        if (result.Verdict == GuardVerdict.Flag)
        {
            _events.Report(McpGuardEventKind.CallFlagged, server, tool, result.Verdict, result,
                $"Mcip.RagPref flagged the call to tool '{tool}' and let it through: {GuardEvidence.Explain(result)}.");
        }

        return await next(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Screens and pins every tool in a listing and removes the withheld ones.</summary>
    public async ValueTask<ListToolsResult> FilterListAsync(ListToolsResult result, McpServer? server, CancellationToken cancellationToken)
    {
        if (result.Tools is not { Count: > 0 } tools)
        {
            return result;
        }

        string? serverName = ServerName(server);
        List<Tool> kept = new(tools.Count);
        foreach (Tool tool in tools)
        {
            ToolStanding standing = await InspectAsync(tool, serverName, cancellationToken).ConfigureAwait(false);
            if (!standing.Withheld)
            {
                kept.Add(tool);
            }
        }

        result.Tools = kept;
        return result;
    }

    /// <summary>Screens (once per description) and pins one tool, and records whether it is withheld.</summary>
    public async ValueTask<ToolStanding> InspectAsync(Tool tool, string? server, CancellationToken cancellationToken)
    {
        string hash = ToolPinStore.Hash(tool);
        GuardResult screened = await ScreenDescriptionAsync(tool, hash, server, cancellationToken).ConfigureAwait(false);
        bool hide = _options.OnDescriptionChanged == McpDescriptionChangeAction.Hide;
        McpToolPinOutcome outcome = Pins.Check(tool.Name, hash, repinOnChange: !hide, out string pinned);
        if (outcome == McpToolPinOutcome.New)
        {
            McpGuardLog.Pinned(_events.Logger, tool.Name, hash);
        }

        string? changeReason = null;
        if (outcome == McpToolPinOutcome.Changed)
        {
            changeReason = $"its name, description or input schema changed since it was pinned (a possible rug pull; pinned sha256 {pinned[..12]}, now {hash[..12]})";
            if (_reportedChanges.TryAdd(tool.Name + "\n" + hash, 0))
            {
                string consequence = hide
                    ? "it is withheld until its pin is removed"
                    : "it is still served and the new description is pinned";
                _events.Report(McpGuardEventKind.DescriptionChanged, server, tool.Name, hide ? GuardVerdict.Block : GuardVerdict.Flag, screened,
                    $"Mcip.RagPref noticed that tool '{tool.Name}' changed: {changeReason}; {consequence}. New description: {GuardEvidence.Explain(screened)}.");
            }
        }

        ToolStanding standing = ToolScreening.Refuses(screened)
            ? new ToolStanding(true, screened.Failure is null
                ? $"its description was blocked as poisoned ({GuardEvidence.Explain(screened)})"
                : $"its description could not be screened ({GuardEvidence.Explain(screened)})", screened)
            : hide && changeReason is not null
                ? new ToolStanding(true, changeReason, screened)
                : new ToolStanding(false, null, screened);
        _standings[tool.Name] = standing;
        return standing;
    }

    private async Task<GuardResult> ScreenDescriptionAsync(Tool tool, string hash, string? server, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<GuardResult> task = _descriptionScreens.GetOrAdd(hash, _ => ScreenNewDescriptionAsync(tool, server, cancellationToken));
            try
            {
                GuardResult result = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (result.Failure is not null)
                {
                    _descriptionScreens.TryRemove(new KeyValuePair<string, Task<GuardResult>>(hash, task));
                }

                return result;
            }
            catch (Exception ex)
            {
                if (task.IsCompleted)
                {
                    _descriptionScreens.TryRemove(new KeyValuePair<string, Task<GuardResult>>(hash, task));
                }

                if (ex is not OperationCanceledException || cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                // Another request started this screening and was cancelled; this one screens again.
            }
        }
    }

    private async Task<GuardResult> ScreenNewDescriptionAsync(Tool tool, string? server, CancellationToken cancellationToken)
    {
        JsonElement? schema = tool.InputSchema.ValueKind == JsonValueKind.Object ? tool.InputSchema : null;
        GuardRequest request = GuardRequest.ToolDescription(tool.Name, tool.Description ?? string.Empty, schema);
        GuardResult result = await ScreenAsync(request, server, cancellationToken).ConfigureAwait(false);
        _events.Screened(request, result);
        if (ToolScreening.Refuses(result))
        {
            _events.Report(McpGuardEventKind.DescriptionBlocked, server, tool.Name, result.Verdict, result, result.Failure is not null
                ? $"Mcip.RagPref could not screen the description of tool '{tool.Name}': {GuardEvidence.Explain(result)}. The tool is withheld from lists and calls until a screening succeeds."
                : $"Mcip.RagPref blocked the description of tool '{tool.Name}' as poisoned: {GuardEvidence.Explain(result)}. The tool is withheld from lists and calls.");
        }
        else if (result.Verdict == GuardVerdict.Flag)
        {
            _events.Report(McpGuardEventKind.DescriptionFlagged, server, tool.Name, result.Verdict, result,
                $"Mcip.RagPref flagged the description of tool '{tool.Name}': {GuardEvidence.Explain(result)}. The tool stays listed.");
        }

        return result;
    }

    /// <summary>
    /// Asks the guard; a guard that throws (anything but a cancellation of this request) gives a fail-closed result
    /// whose reason names the exception type only: the message, which may hold paths or internals, goes to the log.
    /// </summary>
    private async Task<GuardResult> ScreenAsync(GuardRequest request, string? server, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            return await _guard.GuardAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of the guard must fail closed, not reach the client as a protocol error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            McpGuardLog.GuardFailed(_events.Logger, ex, request.Surface, request.ToolName ?? string.Empty, server);
            string type = ex.GetType().Name;
            var failure = new GuardFailure($"the guard threw {type}; the server log has the details", ex.GetType().FullName ?? type, FailedClosed: true);
            return GuardResult.ForFailure(request, failure, Stopwatch.GetElapsedTime(start));
        }
    }

    private string? ServerName(McpServer? server) => _options.ServerName ?? server?.ServerOptions?.ServerInfo?.Name;

    private static IReadOnlyDictionary<string, JsonElement>? AsReadOnly(IDictionary<string, JsonElement>? arguments) =>
        arguments switch
        {
            null => null,
            IReadOnlyDictionary<string, JsonElement> readOnly => readOnly,
            _ => new Dictionary<string, JsonElement>(arguments, StringComparer.Ordinal),
        };

    private static CallToolResult ErrorResult(string reason) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = reason }] };
}
