using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// The <see cref="GuardFailureMode"/> of each surface. Defaults: fail closed for tool calls and tool descriptions
/// (an unscreened tool call can act on the machine), fail open for user prompts and tool outputs (the model still
/// sees them without RAG-Pref context, and the failure is logged and counted).
/// </summary>
/// <remarks>Plain settings: not synchronised for concurrent writes; read on every guard call.</remarks>
public sealed class GuardFailureModes
{
    /// <summary>Gets or sets the mode for <see cref="GuardSurface.UserPrompt"/>. Default <see cref="GuardFailureMode.FailOpen"/>.</summary>
    public GuardFailureMode UserPrompt { get; set; } = GuardFailureMode.FailOpen;

    /// <summary>Gets or sets the mode for <see cref="GuardSurface.ToolCall"/>. Default <see cref="GuardFailureMode.FailClosed"/>.</summary>
    public GuardFailureMode ToolCall { get; set; } = GuardFailureMode.FailClosed;

    /// <summary>Gets or sets the mode for <see cref="GuardSurface.ToolOutput"/>. Default <see cref="GuardFailureMode.FailOpen"/>.</summary>
    public GuardFailureMode ToolOutput { get; set; } = GuardFailureMode.FailOpen;

    /// <summary>Gets or sets the mode for <see cref="GuardSurface.ToolDescription"/>. Default <see cref="GuardFailureMode.FailClosed"/>.</summary>
    public GuardFailureMode ToolDescription { get; set; } = GuardFailureMode.FailClosed;

    /// <summary>Returns the mode of <paramref name="surface"/>.</summary>
    /// <param name="surface">The surface.</param>
    /// <returns>Its mode; <see cref="GuardFailureMode.FailClosed"/> for a surface this version does not know.</returns>
    public GuardFailureMode For(GuardSurface surface) => surface switch
    {
        GuardSurface.UserPrompt => UserPrompt,
        GuardSurface.ToolCall => ToolCall,
        GuardSurface.ToolOutput => ToolOutput,
        GuardSurface.ToolDescription => ToolDescription,
        _ => GuardFailureMode.FailClosed,
    };
}
