using System.Runtime.CompilerServices;
using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>
/// Chat-client middleware that screens each request with an <see cref="IRagPrefGuard"/> before the inner client sees
/// it: the last user message on the user-prompt surface and, optionally, fresh tool results on the tool-output surface.
/// It composes the RAG-Pref context into the messages sent to the model (the caller's list is never changed) and, on
/// Block, returns a refusal without calling the model (configurable). The deciding <see cref="GuardResult"/> is attached
/// to the response under <see cref="GuardResultKey"/> (read it with <see cref="RagPrefAIExtensions.GetGuardResult(ChatResponse)"/>).
/// </summary>
/// <remarks>
/// Thread-safe when the inner client and the guard are: the client holds no per-request state. Requests that nothing
/// screens (no user message, no tool result) pass through unchanged and carry no guard result.
/// </remarks>
public sealed class RagPrefChatClient : DelegatingChatClient
{
    /// <summary>
    /// The key of the deciding <see cref="GuardResult"/> in <see cref="ChatResponse.AdditionalProperties"/> and, when
    /// streaming, in the first <see cref="ChatResponseUpdate.AdditionalProperties"/>.
    /// </summary>
    public const string GuardResultKey = "mcip.ragpref.guard_result";

    private readonly ConversationScreener _screener;
    private readonly string _refusalText;

    /// <summary>Creates the middleware around <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client that talks to the model.</param>
    /// <param name="guard">The guard that screens requests and composes the context.</param>
    /// <param name="options">Settings (copied); <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> or <paramref name="guard"/> is <see langword="null"/>,
    /// or <see cref="RagPrefChatClientOptions.PromptSelector"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="RagPrefChatClientOptions.RefusalText"/> is empty, or
    /// <see cref="RagPrefChatClientOptions.BlockBehavior"/> is not a defined value.</exception>
    public RagPrefChatClient(IChatClient innerClient, IRagPrefGuard guard, RagPrefChatClientOptions? options = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(guard);
        options ??= new RagPrefChatClientOptions();
        ArgumentException.ThrowIfNullOrEmpty(options.RefusalText, "options.RefusalText");
        ArgumentNullException.ThrowIfNull(options.PromptSelector, "options.PromptSelector");
        ConversationScreener.ValidateBlockBehavior(options.BlockBehavior, nameof(options));

        Func<IReadOnlyList<ChatMessage>, ChatMessage?> promptSelector = options.PromptSelector;
        _screener = new ConversationScreener(
            guard,
            conversation => promptSelector(conversation) is { } prompt ? [prompt] : [],
            options.BlockBehavior,
            options.ComposeContextOnAllow,
            options.ScreenToolResults);
        _refusalText = options.RefusalText;
    }

    /// <summary>Gets the guard this client screens with.</summary>
    public IRagPrefGuard Guard => _screener.Guard;

    /// <summary>
    /// Screens the request, then either returns a refusal (Block, by default) or calls the inner client with the
    /// RAG-Pref context composed into a copy of <paramref name="messages"/>. The deciding <see cref="GuardResult"/> is
    /// set under <see cref="GuardResultKey"/> in the response's additional properties.
    /// </summary>
    /// <param name="messages">The conversation (not modified).</param>
    /// <param name="options">The chat options, passed to the inner client unchanged.</param>
    /// <param name="cancellationToken">Cancels screening and the inner call.</param>
    /// <returns>The model's response, or the refusal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="RagPrefException">The guard failed (a guard with a failure policy returns a result instead).</exception>
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ConversationScreening screening = await _screener.ScreenAsync(messages, cancellationToken).ConfigureAwait(false);
        if (screening.Refuse)
        {
            return CreateRefusal(screening.Result!);
        }

        ChatResponse response = await base.GetResponseAsync(screening.Messages, options, cancellationToken).ConfigureAwait(false);
        if (screening.Result is not null)
        {
            (response.AdditionalProperties ??= [])[GuardResultKey] = screening.Result;
        }

        return response;
    }

    /// <summary>
    /// Screens the request, then either yields the refusal as a single update (Block, by default) or streams the inner
    /// client's updates for the composed messages. The deciding <see cref="GuardResult"/> is set under
    /// <see cref="GuardResultKey"/> in the first update's additional properties.
    /// </summary>
    /// <param name="messages">The conversation (not modified).</param>
    /// <param name="options">The chat options, passed to the inner client unchanged.</param>
    /// <param name="cancellationToken">Cancels screening and the inner stream.</param>
    /// <returns>The updates.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(messages, options, cancellationToken);
    }

    /// <summary>
    /// Returns this client or its guard when asked for a matching type without a key; otherwise asks the inner client.
    /// </summary>
    /// <param name="serviceType">The type of service requested.</param>
    /// <param name="serviceKey">An optional key; keyed requests go to the inner client.</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return GuardedServices.Find(serviceType, serviceKey, this, _screener.Guard) ?? base.GetService(serviceType, serviceKey);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ConversationScreening screening = await _screener.ScreenAsync(messages, cancellationToken).ConfigureAwait(false);
        if (screening.Refuse)
        {
            yield return CreateRefusalUpdate(screening.Result!);
            yield break;
        }

        bool attached = screening.Result is null;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(screening.Messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (!attached)
            {
                (update.AdditionalProperties ??= [])[GuardResultKey] = screening.Result;
                attached = true;
            }

            yield return update;
        }

        if (!attached)
        {
            // The inner client streamed nothing: the result still reaches the caller.
            yield return new ChatResponseUpdate { AdditionalProperties = new() { [GuardResultKey] = screening.Result } };
        }
    }

    private ChatResponse CreateRefusal(GuardResult result) =>
        new(new ChatMessage(ChatRole.Assistant, _refusalText))
        {
            FinishReason = ChatFinishReason.ContentFilter,
            AdditionalProperties = new() { [GuardResultKey] = result },
        };

    private ChatResponseUpdate CreateRefusalUpdate(GuardResult result) =>
        new(ChatRole.Assistant, _refusalText)
        {
            FinishReason = ChatFinishReason.ContentFilter,
            AdditionalProperties = new() { [GuardResultKey] = result },
        };
}
