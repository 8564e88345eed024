using Mcip.RagPref.AI;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Agents;

/// <summary>Settings of the agent-run middleware added by <see cref="RagPrefAgentBuilderExtensions.UseRagPrefGuard"/>.</summary>
/// <remarks>
/// The middleware copies these values when it is added; changing the instance afterwards does not affect it.
/// Not thread-safe while being configured.
/// </remarks>
public sealed class RagPrefAgentOptions
{
    /// <summary>The default <see cref="RefusalText"/> (the chat-client middleware's refusal).</summary>
    public const string DefaultRefusalText = RagPrefChatClientOptions.DefaultRefusalText;

    /// <summary>
    /// The source id the composed RAG-Pref context carries
    /// (<see cref="ChatMessageExtensions.WithAgentRequestMessageSource"/> with
    /// <see cref="AgentRequestMessageSourceType.AIContextProvider"/>): the messages the guard added or changed, so that
    /// a chat-history provider can leave them out of the stored history.
    /// </summary>
    public const string ContextSourceId = "mcip.ragpref";

    /// <summary>Gets or sets what happens when the guard blocks a run. Default <see cref="RagPrefBlockBehavior.Refuse"/> (the inner agent is not called).</summary>
    public RagPrefBlockBehavior BlockBehavior { get; set; } = RagPrefBlockBehavior.Refuse;

    /// <summary>Gets or sets the assistant text of the refusal returned on Block. Default <see cref="DefaultRefusalText"/>; must not be empty.</summary>
    public string RefusalText { get; set; } = DefaultRefusalText;

    /// <summary>
    /// Gets or sets whether the RAG-Pref context is composed into the run's messages when the guard allows it.
    /// Default <see langword="true"/>; Flag (and Block with <see cref="RagPrefBlockBehavior.ComposeAndContinue"/>) always compose.
    /// </summary>
    public bool ComposeContextOnAllow { get; set; } = true;

    /// <summary>
    /// Gets or sets whether tool results in the run's messages (the trailing run of messages that carry
    /// <see cref="FunctionResultContent"/>, for example results a client returns to the agent) are screened on the
    /// tool-output surface. The most severe verdict of the prompts and the tool results decides. Default <see langword="true"/>.
    /// </summary>
    public bool ScreenToolResults { get; set; } = true;

    /// <summary>
    /// Gets or sets the function that picks the messages whose text is screened as user prompts. Default
    /// <see cref="SelectNewUserMessages"/>. When it picks nothing with text and no tool result is screened, the run
    /// passes through unchanged and its response carries no guard result.
    /// </summary>
    public Func<IReadOnlyList<ChatMessage>, IEnumerable<ChatMessage>> PromptSelector { get; set; } = SelectNewUserMessages;

    /// <summary>
    /// Returns the user messages after the last assistant message, oldest first: the new input of a run, whether the
    /// caller passes only the new messages (the history lives in the session) or the whole conversation.
    /// </summary>
    /// <param name="messages">The run's messages.</param>
    /// <returns>The messages with role <see cref="ChatRole.User"/> after the last <see cref="ChatRole.Assistant"/> message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public static IEnumerable<ChatMessage> SelectNewUserMessages(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        int start = messages.Count;
        while (start > 0 && messages[start - 1]?.Role != ChatRole.Assistant)
        {
            start--;
        }

        var selected = new List<ChatMessage>();
        for (int i = start; i < messages.Count; i++)
        {
            if (messages[i] is { } message && message.Role == ChatRole.User)
            {
                selected.Add(message);
            }
        }

        return selected;
    }
}
