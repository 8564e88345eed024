using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>Settings of a <see cref="RagPrefChatClient"/>.</summary>
/// <remarks>
/// The client copies these values when it is created; changing the instance afterwards does not affect a client
/// already built. Not thread-safe while being configured.
/// </remarks>
public sealed class RagPrefChatClientOptions
{
    /// <summary>The default <see cref="RefusalText"/>.</summary>
    public const string DefaultRefusalText =
        "I can't help with that: the request was blocked by the RAG-Pref guard because it resembles known attacks on AI agents.";

    /// <summary>Gets or sets what happens when the guard blocks a request. Default <see cref="RagPrefBlockBehavior.Refuse"/>.</summary>
    public RagPrefBlockBehavior BlockBehavior { get; set; } = RagPrefBlockBehavior.Refuse;

    /// <summary>Gets or sets the assistant text of the refusal returned on Block. Default <see cref="DefaultRefusalText"/>; must not be empty.</summary>
    public string RefusalText { get; set; } = DefaultRefusalText;

    /// <summary>
    /// Gets or sets whether the RAG-Pref context is composed into the messages for requests the guard allows.
    /// Default <see langword="true"/> (RAG-Pref gives the model the contrastive examples on every request); Flag
    /// (and Block with <see cref="RagPrefBlockBehavior.ComposeAndContinue"/>) always compose.
    /// </summary>
    public bool ComposeContextOnAllow { get; set; } = true;

    /// <summary>
    /// Gets or sets whether tool results in the conversation are screened on the tool-output surface: every
    /// <see cref="FunctionResultContent"/> in the trailing run of messages that carry tool results (the results the model
    /// has not seen yet in a function-calling loop). The most severe verdict of the prompt and the tool results decides.
    /// Default <see langword="true"/>.
    /// </summary>
    public bool ScreenToolResults { get; set; } = true;

    /// <summary>
    /// Gets or sets the function that picks the message whose text is screened as the user prompt, or returns
    /// <see langword="null"/> when there is none. Default <see cref="SelectLastUserMessage"/>. When it returns
    /// <see langword="null"/> (or a message without text) and no tool result is screened, the request passes through unchanged.
    /// </summary>
    public Func<IReadOnlyList<ChatMessage>, ChatMessage?> PromptSelector { get; set; } = SelectLastUserMessage;

    /// <summary>Returns the last message with role <see cref="ChatRole.User"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="messages">The conversation.</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public static ChatMessage? SelectLastUserMessage(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i] is { } message && message.Role == ChatRole.User)
            {
                return message;
            }
        }

        return null;
    }
}
