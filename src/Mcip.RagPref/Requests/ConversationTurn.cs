namespace Mcip.RagPref.Requests;

/// <summary>
/// One turn of the conversation before a request: a user, system or assistant message, or a tool's result. The guard
/// uses the turns to find where the values of a tool call came from (argument provenance); it never embeds them.
/// </summary>
/// <remarks>Immutable and safe to share between threads. Create instances with the factory methods.</remarks>
public sealed class ConversationTurn
{
    private ConversationTurn(ConversationRole role, string content, string? tool, IReadOnlyList<ConversationToolCall> toolCalls)
    {
        Role = role;
        Content = content;
        Tool = tool;
        ToolCalls = toolCalls;
    }

    /// <summary>Gets who wrote the turn.</summary>
    public ConversationRole Role { get; }

    /// <summary>Gets the turn's text (empty when it has none, such as an assistant turn with tool calls only).</summary>
    public string Content { get; }

    /// <summary>Gets the name of the tool whose result this is (<see cref="ConversationRole.Tool"/> turns), when known.</summary>
    public string? Tool { get; }

    /// <summary>Gets the tool calls of an assistant turn; empty for the other roles.</summary>
    public IReadOnlyList<ConversationToolCall> ToolCalls { get; }

    /// <summary>Creates a user message.</summary>
    /// <param name="content">The message text.</param>
    /// <returns>The turn.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    public static ConversationTurn User(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new ConversationTurn(ConversationRole.User, content, null, []);
    }

    /// <summary>Creates a system (or developer) message.</summary>
    /// <param name="content">The message text.</param>
    /// <returns>The turn.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    public static ConversationTurn System(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new ConversationTurn(ConversationRole.System, content, null, []);
    }

    /// <summary>Creates an assistant turn: its text and the tool calls it made.</summary>
    /// <param name="content">The text (may be empty).</param>
    /// <param name="toolCalls">The tool calls, or <see langword="null"/> for none.</param>
    /// <returns>The turn.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>, or a call is.</exception>
    public static ConversationTurn Assistant(string content, IEnumerable<ConversationToolCall>? toolCalls = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ConversationToolCall[] calls = toolCalls is null ? [] : [.. toolCalls];
        foreach (ConversationToolCall call in calls)
        {
            ArgumentNullException.ThrowIfNull(call, nameof(toolCalls));
        }

        return new ConversationTurn(ConversationRole.Assistant, content, null, calls);
    }

    /// <summary>Creates a tool's result.</summary>
    /// <param name="tool">The tool that returned it, or <see langword="null"/> when unknown.</param>
    /// <param name="content">The result as text.</param>
    /// <returns>The turn.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    public static ConversationTurn ToolResult(string? tool, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new ConversationTurn(ConversationRole.Tool, content, string.IsNullOrEmpty(tool) ? null : tool, []);
    }

    /// <summary>Describes the turn without its content.</summary>
    /// <returns>The role, the tool when there is one, and the length.</returns>
    public override string ToString() =>
        Tool is null ? $"{Role} ({Content.Length} chars)" : $"{Role} '{Tool}' ({Content.Length} chars)";
}
