using Mcip.RagPref.Flows;
using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <content>Screening a conversation and deciding what to send to the model.</content>
public sealed partial class RagPrefChatClient
{
    /// <summary>Screens the prompt and the fresh tool results, and decides what the inner client gets.</summary>
    private async Task<Screening> ScreenAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Enumerate the caller's sequence once; the same list goes to the inner client when nothing changes.
        IReadOnlyList<ChatMessage> conversation = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        GuardResult? deciding = null;

        ChatMessage? prompt = _promptSelector(conversation);
        if (prompt is not null && !string.IsNullOrWhiteSpace(prompt.Text))
        {
            deciding = await _guard.GuardAsync(GuardRequest.UserPrompt(prompt.Text), cancellationToken).ConfigureAwait(false);
        }

        if (_screenToolResults)
        {
            deciding = await ScreenToolResultsAsync(conversation, deciding, cancellationToken).ConfigureAwait(false);
        }

        if (deciding is null)
        {
            return new Screening(conversation, null, Refuse: false);
        }

        if (deciding.Verdict == GuardVerdict.Block && _blockBehavior == RagPrefBlockBehavior.Refuse)
        {
            return new Screening(conversation, deciding, Refuse: true);
        }

        IEnumerable<ChatMessage> toSend = deciding.Verdict != GuardVerdict.Allow || _composeOnAllow
            ? _guard.ComposeMessages(conversation, deciding)
            : conversation;
        return new Screening(toSend, deciding, Refuse: false);
    }

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
                if (deciding is null || result.Verdict > deciding.Verdict)
                {
                    deciding = result;
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

    /// <summary>What screening decided: the messages for the inner client, the deciding result, and whether to refuse.</summary>
    private readonly record struct Screening(IEnumerable<ChatMessage> Messages, GuardResult? Result, bool Refuse);
}
