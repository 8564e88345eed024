using System.Text.Json;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.AI;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.AI;

/// <summary>
/// A tool wrapper that screens each call with an <see cref="IRagPrefGuard"/>: the tool name and arguments on the
/// tool-call surface before the tool runs, and its result on the tool-output surface before it returns to the model.
/// On Block the tool does not run (or its result is withheld) and the function returns a refusal instead: a JSON object
/// with <c>blocked</c>, <c>tool</c>, <c>surface</c>, <c>verdict</c>, <c>score</c>, <c>reason</c> and the ids of the
/// matched attack examples (<c>matched_examples</c>), or what <see cref="RagPrefFunctionOptions.CreateRefusal"/> makes. Flag lets
/// the call through (a flagged result behind a notice when <see cref="RagPrefFunctionOptions.MarkFlaggedResults"/> is on);
/// <see cref="RagPrefFunctionOptions.OnVerdict"/> sees every result. The path is <see cref="ToolScreening.InvokeAsync"/>.
/// Run inside a <see cref="FunctionInvokingChatClient"/>, the call carries the conversation before it
/// (<see cref="FunctionInvokingChatClient.CurrentContext"/>), so the guard also checks where its values came from (see <see cref="FlowOptions"/>).
/// </summary>
/// <remarks>Thread-safe when the inner function and the guard are: the wrapper holds no per-call state.</remarks>
public sealed class RagPrefGuardedFunction : DelegatingAIFunction
{
    private readonly IRagPrefGuard _guard;
    private readonly RagPrefFunctionOptions _options;

    /// <summary>Creates the wrapper around <paramref name="innerFunction"/>.</summary>
    /// <param name="innerFunction">The tool.</param>
    /// <param name="guard">The guard.</param>
    /// <param name="options">Settings (copied); <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerFunction"/> or <paramref name="guard"/> is <see langword="null"/>.</exception>
    public RagPrefGuardedFunction(AIFunction innerFunction, IRagPrefGuard guard, RagPrefFunctionOptions? options = null)
        : base(innerFunction)
    {
        ArgumentNullException.ThrowIfNull(guard);
        _guard = guard;
        _options = options?.Clone() ?? new RagPrefFunctionOptions();
    }

    /// <summary>Gets the guard this function screens with.</summary>
    public IRagPrefGuard Guard => _guard;

    /// <summary>
    /// Creates the refusal a guarded tool returns in place of a blocked call or output, so that a tool wrapper of
    /// another framework answers the model in the same form as this one: a JSON object with <c>blocked</c> (true),
    /// <c>tool</c>, <c>surface</c>, <c>verdict</c>, <c>score</c>, <c>reason</c> (which names the deciding rule or the
    /// nearest attack example) and <c>matched_examples</c> (the nearest attack examples' ids, most similar first).
    /// </summary>
    /// <param name="tool">The tool's name.</param>
    /// <param name="result">The guard's result for the call (tool-call surface) or the output (tool-output surface).</param>
    /// <returns>The refusal, a JSON object that owns its memory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tool"/> or <paramref name="result"/> is <see langword="null"/>.</exception>
    /// <remarks>Thread-safe.</remarks>
    public static JsonElement CreateRefusal(string tool, GuardResult result)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(result);
        return ToolRefusal.Create(tool, result);
    }

    /// <summary>Returns this function or its guard when asked for a matching type without a key; otherwise asks the inner function.</summary>
    /// <param name="serviceType">The type of service requested.</param>
    /// <param name="serviceKey">An optional key; keyed requests go to the inner function.</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return GuardedServices.Find(serviceType, serviceKey, this, _guard) ?? base.GetService(serviceType, serviceKey);
    }

    /// <summary>Screens the call, runs the inner function unless blocked, then screens its result (<see cref="ToolScreening.InvokeAsync"/>).</summary>
    /// <param name="arguments">The arguments the model supplied.</param>
    /// <param name="cancellationToken">Cancels screening and the tool.</param>
    /// <returns>The tool's result, the marked result (Flag, when marking is on) or the refusal when the call or the result is blocked.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        JsonSerializerOptions json = JsonSerializerOptions ?? AIJsonUtilities.DefaultOptions;
        // Inside a FunctionInvokingChatClient the conversation is known: the guard checks where the call's values came from.
        IReadOnlyList<ConversationTurn>? context = FunctionInvokingChatClient.CurrentContext?.Messages is { Count: > 0 } conversation
            ? ChatConversation.ToTurns(conversation, json)
            : null;
        return ToolScreening.InvokeAsync(
            _guard, Name, arguments, context, json, _options, ct => base.InvokeCoreAsync(arguments, ct), cancellationToken);
    }
}
