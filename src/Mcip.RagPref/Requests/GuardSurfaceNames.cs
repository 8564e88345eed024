namespace Mcip.RagPref.Requests;

/// <summary>
/// The wire names of <see cref="GuardSurface"/> values (<c>user_prompt</c>, <c>tool_call</c>, <c>tool_output</c>,
/// <c>tool_description</c>), in the lowest layer so that every reader and writer of them (the JSON example files, the
/// HTTP service, the command line, logs and metrics) shares one spelling.
/// </summary>
internal static class GuardSurfaceNames
{
    private static readonly string[] Names = ["user_prompt", "tool_call", "tool_output", "tool_description"];

    /// <summary>The snake_case name of a surface; an undefined value gets its number.</summary>
    public static string Name(GuardSurface surface) =>
        (uint)surface < (uint)Names.Length ? Names[(int)surface] : surface.ToString();

    /// <summary>
    /// Parses a surface name: a wire name in any case, hyphens accepted for underscores, and <c>prompt</c> for
    /// <c>user_prompt</c>. Blank text is not a name (callers decide what it means).
    /// </summary>
    public static bool TryParse(string? text, out GuardSurface surface)
    {
        switch (text?.Trim().Replace("-", "_", StringComparison.Ordinal).ToLowerInvariant())
        {
            case "user_prompt" or "prompt":
                surface = GuardSurface.UserPrompt;
                return true;
            case "tool_call":
                surface = GuardSurface.ToolCall;
                return true;
            case "tool_output":
                surface = GuardSurface.ToolOutput;
                return true;
            case "tool_description":
                surface = GuardSurface.ToolDescription;
                return true;
            default:
                surface = GuardSurface.UserPrompt;
                return false;
        }
    }
}
