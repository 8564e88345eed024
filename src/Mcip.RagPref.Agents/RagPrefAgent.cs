using System.Runtime.CompilerServices;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Agents;

/// <summary>
/// Agent-run middleware: screens the run's new user messages (and the tool results among its messages) with an
/// <see cref="IRagPrefGuard"/> before the inner agent runs. On Block it answers with a refusal without calling the
/// inner agent (unless <see cref="RagPrefBlockBehavior.ComposeAndContinue"/>); otherwise the inner agent gets a copy of
/// the messages with the RAG-Pref context composed in, the added or changed messages tagged as
/// <see cref="AgentRequestMessageSourceType.AIContextProvider"/> messages from <see cref="RagPrefAgentOptions.ContextSourceId"/>.
/// The deciding <see cref="GuardResult"/> travels with the response under <see cref="RagPrefAgentResponseExtensions.GuardResultKey"/>.
/// </summary>
/// <remarks>
/// Thread-safe when the inner agent and the guard are: it holds no per-run state. A refused run never reaches the inner
/// agent, so the session's history does not record it.
/// </remarks>
internal sealed class RagPrefAgent : DelegatingAIAgent
{
    private readonly ConversationScreener _screener;
    private readonly string _refusalText;

    /// <summary>Creates the middleware around <paramref name="innerAgent"/>; the options were validated by the caller.</summary>
    /// <param name="innerAgent">The agent that runs.</param>
    /// <param name="guard">The guard.</param>
    /// <param name="options">The settings (copied).</param>
    public RagPrefAgent(AIAgent innerAgent, IRagPrefGuard guard, RagPrefAgentOptions options)
        : base(innerAgent)
    {
        _screener = new ConversationScreener(guard, options.PromptSelector, options.BlockBehavior, options.ComposeContextOnAllow, options.ScreenToolResults);
        _refusalText = options.RefusalText;
    }

    /// <summary>Gets the guard this agent screens with.</summary>
    public IRagPrefGuard Guard => _screener.Guard;

    /// <summary>Checks the options, naming every problem's option.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">The refusal text is empty, or the block behaviour is not defined.</exception>
    /// <exception cref="ArgumentNullException">The prompt selector is <see langword="null"/>.</exception>
    public static void Validate(RagPrefAgentOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.RefusalText, "options.RefusalText");
        ArgumentNullException.ThrowIfNull(options.PromptSelector, "options.PromptSelector");
        if (!Enum.IsDefined(options.BlockBehavior))
        {
            throw new ArgumentException($"options.BlockBehavior is {(int)options.BlockBehavior}, not a defined RagPrefBlockBehavior; use Refuse or ComposeAndContinue.", nameof(options));
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        // Unkeyed requests for this agent or its guard are answered here (as the core library's wrappers do); others go inward.
        return serviceKey is not null ? base.GetService(serviceType, serviceKey)
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(_screener.Guard) ? _screener.Guard
            : base.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    protected override async Task<AgentResponse> RunCoreAsync(
        IEnumerable<ChatMessage> messages,
        AgentSession? session = null,
        AgentRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ConversationScreening screening = await _screener.ScreenAsync(messages, cancellationToken).ConfigureAwait(false);
        if (screening.Refuse)
        {
            return new AgentResponse(new ChatMessage(ChatRole.Assistant, _refusalText))
            {
                AgentId = Id,
                FinishReason = ChatFinishReason.ContentFilter,
                AdditionalProperties = new() { [RagPrefAgentResponseExtensions.GuardResultKey] = screening.Result },
            };
        }

        AgentResponse response = await base.RunCoreAsync(Tagged(screening), session, options, cancellationToken).ConfigureAwait(false);
        if (screening.Result is not null)
        {
            (response.AdditionalProperties ??= [])[RagPrefAgentResponseExtensions.GuardResultKey] = screening.Result;
        }

        return response;
    }

    /// <inheritdoc />
    protected override IAsyncEnumerable<AgentResponseUpdate> RunCoreStreamingAsync(
        IEnumerable<ChatMessage> messages,
        AgentSession? session = null,
        AgentRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(messages, session, options, cancellationToken);
    }

    /// <summary>The messages for the inner agent: the composed ones tagged with the guard's source, the caller's as they are.</summary>
    private static IEnumerable<ChatMessage> Tagged(ConversationScreening screening)
    {
        if (ReferenceEquals(screening.Messages, screening.Conversation))
        {
            return screening.Conversation;
        }

        var original = new HashSet<ChatMessage>(screening.Conversation, ReferenceEqualityComparer.Instance);
        var tagged = new List<ChatMessage>();
        foreach (ChatMessage message in screening.Messages)
        {
            tagged.Add(original.Contains(message)
                ? message
                : message.WithAgentRequestMessageSource(AgentRequestMessageSourceType.AIContextProvider, RagPrefAgentOptions.ContextSourceId));
        }

        return tagged;
    }

    private async IAsyncEnumerable<AgentResponseUpdate> StreamAsync(
        IEnumerable<ChatMessage> messages,
        AgentSession? session,
        AgentRunOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ConversationScreening screening = await _screener.ScreenAsync(messages, cancellationToken).ConfigureAwait(false);
        if (screening.Refuse)
        {
            yield return new AgentResponseUpdate(ChatRole.Assistant, _refusalText)
            {
                AgentId = Id,
                FinishReason = ChatFinishReason.ContentFilter,
                AdditionalProperties = new() { [RagPrefAgentResponseExtensions.GuardResultKey] = screening.Result },
            };
            yield break;
        }

        bool attached = screening.Result is null;
        await foreach (AgentResponseUpdate update in base.RunCoreStreamingAsync(Tagged(screening), session, options, cancellationToken).ConfigureAwait(false))
        {
            if (!attached)
            {
                (update.AdditionalProperties ??= [])[RagPrefAgentResponseExtensions.GuardResultKey] = screening.Result;
                attached = true;
            }

            yield return update;
        }

        if (!attached)
        {
            // The inner agent streamed nothing: the result still reaches the caller.
            yield return new AgentResponseUpdate { AgentId = Id, AdditionalProperties = new() { [RagPrefAgentResponseExtensions.GuardResultKey] = screening.Result } };
        }
    }
}
