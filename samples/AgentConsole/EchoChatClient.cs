using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace AgentConsole;

/// <summary>
/// A stand-in for a language model: it answers with every message it received, one <c>[role] text</c> block per
/// message, so the prompt the RAG-Pref middleware composed is visible without an LLM. Streaming yields one update per
/// message. Stateless and thread-safe.
/// </summary>
internal sealed class EchoChatClient : IChatClient
{
    /// <summary>Renders the messages as the echo answer.</summary>
    /// <param name="messages">The messages the model received.</param>
    /// <returns>One <c>[role] text</c> block per message.</returns>
    public static string Render(IEnumerable<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (ChatMessage message in messages)
        {
            text.Append(RenderOne(message));
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Render(messages))) { ModelId = "echo" });
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (ChatMessage message in messages)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, RenderOne(message)) { ModelId = "echo" };
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static string RenderOne(ChatMessage message) => $"[{message.Role}] {message.Text}\n";
}
