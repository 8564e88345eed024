using System.Text.Json;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace Mcip.RagPref.Mcp;

/// <summary>Client-side screening for MCP tools used by a model: tool descriptions at listing, tool results before the model sees them.</summary>
public static class RagPrefMcpClientExtensions
{
    /// <summary>
    /// Lists the server's tools, screening each description with <paramref name="guard"/>: tools whose description is
    /// blocked (poisoned) are left out and reported, flagged ones are reported and kept. Each returned tool screens its
    /// results as tool output before they return to the model; a blocked result is replaced by a refusal text.
    /// </summary>
    /// <param name="client">The connected MCP client.</param>
    /// <param name="guard">The guard.</param>
    /// <param name="options">Events, logging and naming; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels listing and screening.</param>
    /// <returns>The tools (each a <see cref="RagPrefGuardedFunction"/> wrapping the SDK's <see cref="McpClientTool"/>), in server order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="guard"/> is <see langword="null"/>.</exception>
    /// <remarks>Exceptions from the guard or the client propagate (no tool is returned unscreened).</remarks>
    public static async Task<IList<AIFunction>> ListGuardedToolsAsync(
        this McpClient client,
        IRagPrefGuard guard,
        RagPrefMcpClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(guard);
        string? server = options?.ServerName ?? client.ServerInfo?.Name;
        McpEventSink events = CreateSink(options);
        IList<McpClientTool> tools = await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        List<AIFunction> guarded = new(tools.Count);
        foreach (McpClientTool tool in tools)
        {
            JsonElement? schema = tool.JsonSchema.ValueKind == JsonValueKind.Object ? tool.JsonSchema : null;
            GuardRequest request = GuardRequest.ToolDescription(tool.Name, tool.Description ?? string.Empty, schema);
            GuardResult result = await guard.GuardAsync(request, cancellationToken).ConfigureAwait(false);
            events.Screened(request, result);
            if (ToolScreening.Refuses(result))
            {
                events.Report(McpGuardEventKind.DescriptionBlocked, server, tool.Name, result.Verdict, result,
                    $"Mcip.RagPref blocked the description of tool '{tool.Name}' as poisoned: {GuardEvidence.Explain(result)}. The tool was left out.");
                continue;
            }

            if (result.Verdict == GuardVerdict.Flag)
            {
                events.Report(McpGuardEventKind.DescriptionFlagged, server, tool.Name, result.Verdict, result,
                    $"Mcip.RagPref flagged the description of tool '{tool.Name}': {GuardEvidence.Explain(result)}. The tool was kept.");
            }

            guarded.Add(Wrap(tool, guard, events, server, options));
        }

        return guarded;
    }

    /// <summary>
    /// Wraps one MCP client tool so its results are screened as tool output before they return to the model; a blocked
    /// result is replaced by a refusal text. The description is not screened here (see <see cref="ListGuardedToolsAsync"/>).
    /// </summary>
    /// <param name="tool">The SDK tool.</param>
    /// <param name="guard">The guard.</param>
    /// <param name="options">Events, logging and naming; <see langword="null"/> for the defaults.</param>
    /// <returns>The wrapping function (same name, description and schema).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tool"/> or <paramref name="guard"/> is <see langword="null"/>.</exception>
    public static AIFunction WithRagPrefGuard(this McpClientTool tool, IRagPrefGuard guard, RagPrefMcpClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(guard);
        return Wrap(tool, guard, CreateSink(options), options?.ServerName, options);
    }

    /// <summary>
    /// The client tool on the shared path of a guarded tool (<see cref="RagPrefGuardedFunction"/>, which it is), answering
    /// in MCP text: inside a <see cref="FunctionInvokingChatClient"/> the call is screened first with the conversation
    /// before it (argument provenance) and a refused call is not sent to the server; without the conversation the call
    /// is left to the server's filter, if any, which sees no conversation either. The result is screened as tool output:
    /// a blocked one is replaced by a refusal (<see cref="TextContent"/>), a flagged one is reported and, when marking is
    /// on, passed on behind the shared notice.
    /// </summary>
    private static RagPrefGuardedFunction Wrap(McpClientTool tool, IRagPrefGuard guard, McpEventSink events, string? server, RagPrefMcpClientOptions? options) =>
        new(tool, guard, new RagPrefFunctionOptions
        {
            ServerName = server,
            ScreenArgumentsWithoutConversation = false,
            MarkFlaggedResults = options?.MarkFlaggedOutputs ?? true,
            OnScreened = (request, result) => McpToolVerdicts.Report(events, server, request, result),
            CreateRefusal = (name, result) => new TextContent(McpToolVerdicts.Refusal(name, result)),
        });

    private static McpEventSink CreateSink(RagPrefMcpClientOptions? options) =>
        new(options?.OnEvent, options?.Logger ?? NullLogger.Instance, options?.TimeProvider ?? TimeProvider.System, options?.LogRequestText ?? false);
}
