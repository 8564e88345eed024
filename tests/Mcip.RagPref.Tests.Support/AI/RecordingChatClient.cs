using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.AI;

/// <summary>
/// A fake model: records every call (the messages exactly as received, and the token) and answers with the text of
/// all received messages joined by newlines; streaming splits that answer into one update per message.
/// </summary>
internal sealed class RecordingChatClient : IChatClient
{
    private readonly List<IReadOnlyList<ChatMessage>> _calls = [];

    /// <summary>The message lists received, in call order (the received list objects themselves).</summary>
    public IReadOnlyList<IReadOnlyList<ChatMessage>> Calls => _calls;

    /// <summary>The received enumerables, not copied, to check identity.</summary>
    public List<IEnumerable<ChatMessage>> ReceivedObjects { get; } = [];

    /// <summary>Whether the last call's token could be cancelled (it was passed through).</summary>
    public CancellationToken LastToken { get; private set; }

    /// <summary>Whether streaming yields no updates at all.</summary>
    public bool StreamNothing { get; init; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> received = Record(messages, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Echo(received))) { ModelId = "echo" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatMessage> received = Record(messages, cancellationToken);
        if (StreamNothing)
        {
            yield break;
        }

        foreach (ChatMessage message in received)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, message.Text + "\n") { ModelId = "echo" };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static string Echo(List<ChatMessage> messages)
    {
        var lines = new List<string>(messages.Count);
        foreach (ChatMessage message in messages)
        {
            lines.Add(message.Text);
        }

        return string.Join('\n', lines);
    }

    private List<ChatMessage> Record(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ReceivedObjects.Add(messages);
        List<ChatMessage> copy = [.. messages];
        _calls.Add(copy);
        LastToken = cancellationToken;
        return copy;
    }
}
