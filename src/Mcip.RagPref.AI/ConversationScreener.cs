using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>
/// Screens a conversation before a model sees it: the selected user prompts on the user-prompt surface and, optionally,
/// the fresh tool results (the trailing run of messages that carry them) on the tool-output surface; the most severe
/// result decides whether to refuse and what the model gets (the RAG-Pref context composed into a copy).
/// </summary>
/// <remarks>
/// Immutable and thread-safe when the guard is. The chat-client middleware of this library
/// (<see cref="RagPrefChatClient"/>) and the Agent Framework middleware package screen with it; use it
/// to guard the conversation of another agent framework the same way.
/// </remarks>
public sealed class ConversationScreener
{
    private readonly IRagPrefGuard _guard;
    private readonly RagPrefBlockBehavior _blockBehavior;
    private readonly bool _composeOnAllow;
    private readonly bool _screenToolResults;
    private readonly Func<IReadOnlyList<ChatMessage>, IEnumerable<ChatMessage>> _prompts;

    /// <summary>Creates the screener.</summary>
    /// <param name="guard">The guard that screens and composes.</param>
    /// <param name="promptSelector">
    /// Picks the messages of a conversation whose text is screened as user prompts (<see langword="null"/> entries and
    /// messages without text are skipped), for example the user messages since the last assistant message.
    /// </param>
    /// <param name="blockBehavior">What a Block does. Default <see cref="RagPrefBlockBehavior.Refuse"/>.</param>
    /// <param name="composeContextOnAllow">
    /// Whether the RAG-Pref context is composed into the messages of allowed conversations too, not only flagged and
    /// (with <see cref="RagPrefBlockBehavior.ComposeAndContinue"/>) blocked ones. Default <see langword="true"/>.
    /// </param>
    /// <param name="screenToolResults">
    /// Whether the fresh tool results (every function result in the trailing run of messages that carry them) are
    /// screened on the tool-output surface, with the conversation before them. Default <see langword="true"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="guard"/> or <paramref name="promptSelector"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="blockBehavior"/> is not a defined value.</exception>
    public ConversationScreener(
        IRagPrefGuard guard,
        Func<IReadOnlyList<ChatMessage>, IEnumerable<ChatMessage>> promptSelector,
        RagPrefBlockBehavior blockBehavior = RagPrefBlockBehavior.Refuse,
        bool composeContextOnAllow = true,
        bool screenToolResults = true)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(promptSelector);
        if (!Enum.IsDefined(blockBehavior))
        {
            throw new ArgumentException($"blockBehavior is {(int)blockBehavior}, not a defined RagPrefBlockBehavior; use Refuse or ComposeAndContinue.", nameof(blockBehavior));
        }

        _guard = guard;
        _blockBehavior = blockBehavior;
        _composeOnAllow = composeContextOnAllow;
        _screenToolResults = screenToolResults;
        _prompts = promptSelector;
    }

    /// <summary>Gets the guard.</summary>
    public IRagPrefGuard Guard => _guard;

    /// <summary>Checks that <paramref name="behavior"/> is defined, naming the option in the message.</summary>
    /// <param name="behavior">The configured value.</param>
    /// <param name="optionsName">The options parameter's name.</param>
    /// <exception cref="ArgumentException">The value is not defined.</exception>
    internal static void ValidateBlockBehavior(RagPrefBlockBehavior behavior, string optionsName)
    {
        if (!Enum.IsDefined(behavior))
        {
            throw new ArgumentException($"options.BlockBehavior is {(int)behavior}, not a defined RagPrefBlockBehavior; use Refuse or ComposeAndContinue.", optionsName);
        }
    }

    /// <summary>
    /// Screens the selected prompts and the fresh tool results, and decides what the model gets: the most severe result
    /// decides (the earlier one wins a tie); a Block with <see cref="RagPrefBlockBehavior.Refuse"/> refuses, anything
    /// else sends the messages, with the RAG-Pref context composed into a copy unless the result is Allow and
    /// composing on Allow is off.
    /// </summary>
    /// <param name="messages">The conversation (enumerated once, never modified).</param>
    /// <param name="cancellationToken">Cancels screening.</param>
    /// <returns>What to send, the deciding result (<see langword="null"/> when nothing was screened) and whether to refuse.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConversationScreening> ScreenAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();

        // Enumerate the caller's sequence once; the same list goes on when nothing changes.
        IReadOnlyList<ChatMessage> conversation = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        GuardResult? deciding = null;

        foreach (ChatMessage? prompt in _prompts(conversation))
        {
            if (prompt is not null && !string.IsNullOrWhiteSpace(prompt.Text))
            {
                GuardResult result = await _guard.GuardAsync(GuardRequest.UserPrompt(prompt.Text), cancellationToken).ConfigureAwait(false);
                deciding = MoreSevere(deciding, result);
            }
        }

        if (_screenToolResults)
        {
            deciding = await ScreenToolResultsAsync(conversation, deciding, cancellationToken).ConfigureAwait(false);
        }

        if (deciding is null)
        {
            return new ConversationScreening(conversation, conversation, null, Refuse: false);
        }

        if (ToolScreening.Refuses(deciding) && _blockBehavior == RagPrefBlockBehavior.Refuse)
        {
            return new ConversationScreening(conversation, conversation, deciding, Refuse: true);
        }

        IEnumerable<ChatMessage> toSend = deciding.Verdict != GuardVerdict.Allow || _composeOnAllow
            ? _guard.ComposeMessages(conversation, deciding)
            : conversation;
        return new ConversationScreening(conversation, toSend, deciding, Refuse: false);
    }

    /// <summary>The more severe of two results; the earlier one wins a tie.</summary>
    private static GuardResult MoreSevere(GuardResult? deciding, GuardResult result) =>
        deciding is null || result.Verdict > deciding.Verdict ? result : deciding;

    /// <summary>
    /// Screens every tool result in the trailing run of messages that carry tool results, returning the most severe
    /// of <paramref name="deciding"/> and their results (the earlier result wins a tie).
    /// </summary>
    private async Task<GuardResult?> ScreenToolResultsAsync(IReadOnlyList<ChatMessage> conversation, GuardResult? deciding, CancellationToken cancellationToken)
    {
        int start = conversation.Count;
        while (start > 0 && HasToolResult(conversation[start - 1]))
        {
            start--;
        }

        IReadOnlyList<ConversationTurn>? before = null;
        for (int i = start; i < conversation.Count; i++)
        {
            foreach (AIContent content in conversation[i].Contents)
            {
                if (content is not FunctionResultContent functionResult)
                {
                    continue;
                }

                string? tool = FindToolName(conversation, start, functionResult.CallId);
                // The conversation before the run of results goes with each, for the flow record and provenance.
                before ??= ChatConversation.ToTurns(conversation.Take(start));
                if (await ToolScreening.ScreenResultAsync(_guard, tool, functionResult.Result, before, AIJsonUtilities.DefaultOptions, cancellationToken).ConfigureAwait(false) is { } screened)
                {
                    deciding = MoreSevere(deciding, screened.Result);
                }
            }
        }

        return deciding;
    }

    private static bool HasToolResult(ChatMessage? message)
    {
        if (message is null)
        {
            return false;
        }

        foreach (AIContent content in message.Contents)
        {
            if (content is FunctionResultContent)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the name of the function call with <paramref name="callId"/> before <paramref name="end"/>, searching backwards.</summary>
    private static string? FindToolName(IReadOnlyList<ChatMessage> conversation, int end, string callId)
    {
        for (int i = end - 1; i >= 0; i--)
        {
            if (conversation[i] is null)
            {
                continue;
            }

            foreach (AIContent content in conversation[i].Contents)
            {
                if (content is FunctionCallContent call && string.Equals(call.CallId, callId, StringComparison.Ordinal))
                {
                    return call.Name;
                }
            }
        }

        return null;
    }
}
