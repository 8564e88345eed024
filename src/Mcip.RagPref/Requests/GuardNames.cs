namespace Mcip.RagPref.Requests;

/// <summary>
/// The wire names of surfaces and verdicts, as the HTTP service, the JSON output of the command line, log
/// messages and metric tags spell them: <c>user_prompt</c>, <c>tool_call</c>, <c>tool_output</c>,
/// <c>tool_description</c>; <c>allow</c>, <c>flag</c>, <c>block</c>.
/// </summary>
/// <remarks>Thread-safe; the returned strings are cached, so naming allocates nothing.</remarks>
public static class GuardNames
{
    private static readonly string[] Verdicts = ["allow", "flag", "block"];

    /// <summary>The snake_case name of a surface.</summary>
    /// <param name="surface">The surface.</param>
    /// <returns>Its name; an undefined value gets its number.</returns>
    public static string Surface(GuardSurface surface) => GuardSurfaceNames.Name(surface);

    /// <summary>The lower-case name of a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>Its name; an undefined value gets its number.</returns>
    public static string Verdict(GuardVerdict verdict) =>
        (uint)verdict < (uint)Verdicts.Length ? Verdicts[(int)verdict] : verdict.ToString();

    /// <summary>
    /// Parses a surface name as the JSON example files and the HTTP service read it: a wire name in any case, hyphens
    /// accepted for underscores, and <c>prompt</c> for <c>user_prompt</c>.
    /// </summary>
    /// <param name="text">The name; blank or <see langword="null"/> text is not a name (the caller decides what it means).</param>
    /// <param name="surface">The surface, or <see cref="GuardSurface.UserPrompt"/> when <paramref name="text"/> is not a name.</param>
    /// <returns>Whether <paramref name="text"/> names a surface.</returns>
    public static bool TryParseSurface(string? text, out GuardSurface surface) => GuardSurfaceNames.TryParse(text, out surface);
}
