using Mcip.RagPref.Flows;
using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>
/// Screens a conversation before a model sees it: the selected user prompts on the user-prompt surface and, optionally,
/// the fresh tool results (the trailing run of messages that carry them) on the tool-output surface; the most severe
/// result decides whether to refuse and what the model gets (the RAG-Pref context composed into a copy).
/// </summary>
/// <remarks>Immutable and thread-safe when the guard is; the middlewares of this library share it.</remarks>
internal sealed class ConversationScreener
{
    private readonly IRagPrefGuard _guard;
    private readonly RagPrefBlockBehavior _blockBehavior;
    private readonly bool _composeOnAllow;
    private readonly bool _screenToolResults;
    private readonly Func<IReadOnlyList<ChatMessage>, IEnumerable<ChatMessage>> _prompts;

    /// <summary>Creates the screener.</summary>
    /// <param name="guard">The guard.</param>
    /// <param name="blockBehavior">What a Block does; must be a defined value (checked by the caller).</param>
    /// <param name="composeOnAllow">Whether the context is composed for allowed requests too.</param>
    /// <param name="screenToolResults">Whether the fresh tool results are screened.</param>
    /// <param name="prompts">Picks the messages whose text is screened as user prompts (null entries and messages without text are skipped).</param>
    public ConversationScreener(
        IRagPrefGuard guard,
        RagPrefBlockBehavior blockBehavior,
        bool composeOnAllow,
        bool screenToolResults,
        Func<IReadOnlyList<ChatMessage>, IEnumerable<ChatMessage>> prompts)
    {
        _guard = guard;
        _blockBehavior = blockBehavior;
        _composeOnAllow = composeOnAllow;
        _screenToolResults = screenToolResults;
        _prompts = prompts;
    }

    /// <summary>Gets the guard.</summary>
    public IRagPrefGuard Guard => _guard;

    /// <summary>Checks that <paramref name="behavior"/> is defined, naming the option in the message.</summary>
    /// <param name="behavior">The configured value.</param>
    /// <param name="optionsName">The options parameter's name.</param>
    /// <exception cref="ArgumentException">The value is not defined.</exception>
    public static void ValidateBlockBehavior(RagPrefBlockBehavior behavior, string optionsName)
    {
        if (!Enum.IsDefined(behavior))
        {
            throw new ArgumentException($"options.BlockBehavior is {(int)behavior}, not a defined RagPrefBlockBehavior; use Refuse or ComposeAndContinue.", optionsName);
        }
    }

    /// <summary>Screens the prompts and the fresh tool results, and decides what the model gets.</summary>
    /// <param name="messages">The conversation (enumerated once, never modified).</param>
    /// <param name="cancellationToken">Cancels screening.</param>
    /// <returns>What to send, the deciding result (<see langword="null"/> when nothing was screened) and whether to refuse.</returns>
    public async Task<ConversationScreening> ScreenAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
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

        if (deciding.Verdict == GuardVerdict.Block && _blockBehavior == RagPrefBlockBehavior.Refuse)
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
                if (content is not FunctionResultContent functionResult
                    || ToolValueJson.ToText(functionResult.Result, AIJsonUtilities.DefaultOptions) is not { Length: > 0 } text)
                {
                    continue;
                }

                string? tool = FindToolName(conversation, start, functionResult.CallId);
                // The conversation before the run of results goes with each, for the flow record and provenance.
                before ??= ChatConversation.ToTurns(conversation.Take(start));
                GuardRequest request = GuardRequest.ToolOutput(text, tool).WithContext(before);
                GuardResult result = await _guard.GuardAsync(request, cancellationToken).ConfigureAwait(false);
                deciding = MoreSevere(deciding, result);
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
