using System.Text.Json;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.AI;

/// <summary>
/// The screening steps every tool wrapper shares (this package's <see cref="RagPrefGuardedFunction"/>, the Agent
/// Framework middleware, your own): a call (tool name and arguments, with the conversation before it when known) on the
/// tool-call surface before the tool runs, and its result on the tool-output surface before the model sees it. Arguments
/// and results are turned into JSON and text as <see cref="ChatConversation"/> does.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class ToolScreening
{
    /// <summary>Screens a call before the tool runs.</summary>
    /// <param name="guard">The guard.</param>
    /// <param name="server">The MCP server the tool belongs to, or <see langword="null"/>.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="arguments">The arguments the model supplied.</param>
    /// <param name="context">The conversation before the call (for provenance), or <see langword="null"/> when unknown.</param>
    /// <param name="json">How argument values are turned into JSON.</param>
    /// <param name="cancellationToken">Cancels screening.</param>
    /// <returns>The guard's result.</returns>
    public static Task<GuardResult> ScreenCallAsync(
        IRagPrefGuard guard,
        string? server,
        string tool,
        IEnumerable<KeyValuePair<string, object?>> arguments,
        IReadOnlyList<ConversationTurn>? context,
        JsonSerializerOptions json,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentException.ThrowIfNullOrEmpty(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(json);
        GuardRequest call = GuardRequest.ToolCall(server, tool, ToolValueJson.ToArguments(arguments, json));
        if (context is { Count: > 0 })
        {
            call = call.WithContext(context);
        }

        return guard.GuardAsync(call, cancellationToken);
    }

    /// <summary>Screens what a tool returned; <see langword="null"/> when it returned nothing to screen (no text).</summary>
    /// <param name="guard">The guard.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="result">The tool's result.</param>
    /// <param name="context">The conversation before the call, or <see langword="null"/> when unknown.</param>
    /// <param name="json">How a non-text result is turned into text.</param>
    /// <param name="cancellationToken">Cancels screening.</param>
    /// <returns>The screened text and the guard's result, or <see langword="null"/>.</returns>
    public static async Task<(string Text, GuardResult Result)?> ScreenResultAsync(
        IRagPrefGuard guard,
        string tool,
        object? result,
        IReadOnlyList<ConversationTurn>? context,
        JsonSerializerOptions json,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentException.ThrowIfNullOrEmpty(tool);
        ArgumentNullException.ThrowIfNull(json);
        if (ToolValueJson.ToText(result, json) is not { Length: > 0 } text)
        {
            return null;
        }

        GuardRequest request = GuardRequest.ToolOutput(text, tool);
        if (context is { Count: > 0 })
        {
            request = request.WithContext(context);
        }

        return (text, await guard.GuardAsync(request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The function wrapper's verdict rule, the same for a screened call and a screened result: Block refuses (the
    /// refusal is what the model sees: the tool does not run, or its result is withheld); Flag and Allow pass. (The MCP
    /// client wrapper and the Agent Framework middleware also mark a flagged result, each in its own package.)
    /// </summary>
    /// <param name="tool">The tool's name.</param>
    /// <param name="screened">The call's or the result's screening.</param>
    /// <returns>The refusal to return in place of running the tool or of its result, or <see langword="null"/> to pass.</returns>
    internal static object? RefusalFor(string tool, GuardResult screened) =>
        screened.Verdict == GuardVerdict.Block ? ToolRefusal.Create(tool, screened) : null;
}
