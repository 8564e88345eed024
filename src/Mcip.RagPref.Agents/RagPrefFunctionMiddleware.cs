using System.Text.Json;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Agents;

/// <summary>
/// Function-invocation middleware: screens each tool call, with the conversation before it (so the guard also checks
/// where the call's values came from), before the function runs, and the function's result before the model sees it.
/// A blocked call does not run and a blocked result is withheld: the model gets a refusal instead (a JSON object with
/// <c>blocked</c>, <c>tool</c>, <c>surface</c>, <c>verdict</c>, <c>score</c>, <c>reason</c> and <c>matched_examples</c>).
/// A flagged result is marked as data (<see cref="RagPrefAgentFunctionOptions.MarkFlaggedResults"/>).
/// </summary>
/// <remarks>Thread-safe when the guard is: it holds no per-call state.</remarks>
internal sealed class RagPrefFunctionMiddleware
{
    private readonly IRagPrefGuard _guard;
    private readonly RagPrefFunctionOptions _options;

    /// <summary>Creates the middleware.</summary>
    /// <param name="guard">The guard.</param>
    /// <param name="options">The settings (copied).</param>
    public RagPrefFunctionMiddleware(IRagPrefGuard guard, RagPrefAgentFunctionOptions options)
    {
        _guard = guard;
        _options = new RagPrefFunctionOptions
        {
            ScreenArguments = options.ScreenArguments,
            ScreenResult = options.ScreenResult,
            MarkFlaggedResults = options.MarkFlaggedResults,
            OnVerdict = options.OnVerdict,
        };
    }

    /// <summary>Gets the guard this middleware screens with.</summary>
    public IRagPrefGuard Guard => _guard;

    /// <summary>
    /// The callback for <c>AIAgentBuilder.Use</c>: screens the call, runs it through <paramref name="next"/> unless
    /// blocked, then screens its result, on the path every guarded tool takes (<see cref="ToolScreening.InvokeAsync"/>).
    /// </summary>
    /// <param name="agent">The agent whose function-invoking client calls the function.</param>
    /// <param name="context">The invocation: function, arguments and the conversation so far.</param>
    /// <param name="next">The rest of the pipeline (ends in the function).</param>
    /// <param name="cancellationToken">Cancels screening and the function.</param>
    /// <returns>The function's result, the marked result (Flag) or the refusal (Block).</returns>
    public ValueTask<object?> InvokeAsync(
        AIAgent agent,
        FunctionInvocationContext context,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        JsonSerializerOptions json = context.Function.JsonSerializerOptions ?? AIJsonUtilities.DefaultOptions;
        IReadOnlyList<ConversationTurn>? conversation = context.Messages is { Count: > 0 } messages
            ? ChatConversation.ToTurns(messages, json)
            : null;
        return ToolScreening.InvokeAsync(
            _guard, context.Function.Name, context.Arguments, conversation, json, _options, ct => next(context, ct), cancellationToken);
    }
}
