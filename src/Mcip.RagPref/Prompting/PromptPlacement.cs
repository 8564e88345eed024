namespace Mcip.RagPref.Prompting;

/// <summary>Where <see cref="PromptComposer.Compose"/> puts the guidance block.</summary>
public enum PromptPlacement
{
    /// <summary>A new system message at the start of the conversation, holding the preamble and the guidance (the default).</summary>
    NewSystemMessage = 0,

    /// <summary>
    /// Appended to the first existing system message (which then serves as the preamble); a new system message is
    /// inserted when the conversation has none.
    /// </summary>
    AppendToFirstSystemMessage = 1,
}
