using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>A model that asks for one function call, then answers; it keeps the function results it was sent back.</summary>
internal sealed class ScriptedChatModel(FunctionCallContent call) : IChatClient
{
    private int _calls;

    public List<FunctionResultContent> SecondCallResults { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
        }

        foreach (ChatMessage message in messages)
        {
            SecondCallResults.AddRange(message.Contents.OfType<FunctionResultContent>().Where(r => r.CallId == call.CallId));
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "The card costs 15 EUR.")));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model answers only non-streaming requests.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
