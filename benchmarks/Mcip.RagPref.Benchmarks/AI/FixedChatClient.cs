using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Benchmarks.AI;

/// <summary>
/// The cheapest possible model: returns one prepared response without looking at the messages, so a benchmark
/// around it measures only what the middleware adds.
/// </summary>
internal sealed class FixedChatClient : IChatClient
{
    private readonly ChatResponse _response = new(new ChatMessage(ChatRole.Assistant, "ok"));
    private int _messagesSeen;

    /// <summary>The number of messages received so far (kept so the calls cannot be optimised away).</summary>
    public int MessagesSeen => _messagesSeen;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is IReadOnlyCollection<ChatMessage> collection)
        {
            _messagesSeen += collection.Count;
        }

        return Task.FromResult(_response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _response.ToChatResponseUpdates().ToAsyncEnumerable();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
