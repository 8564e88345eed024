namespace Mcip.RagPref.Requests;

/// <summary>Who wrote a turn of the conversation before a request (wire names <c>user</c>, <c>system</c>, <c>assistant</c>, <c>tool</c>).</summary>
public enum ConversationRole
{
    /// <summary>The user: trusted; a value first written here was asked for by the user.</summary>
    User = 0,

    /// <summary>The host's system or developer message: trusted.</summary>
    System = 1,

    /// <summary>The model: its text and the tool calls it made. Not a source of trust or of untrusted content.</summary>
    Assistant = 2,

    /// <summary>A tool's result: untrusted content (a web page, an e-mail, a file) unless the host marks the tool trusted.</summary>
    Tool = 3,
}
