using System.Text.Json;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Cli.Serving.Contracts;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Guarding;

/// <summary>
/// Writes a <see cref="GuardResult"/> as JSON (snake_case field names, stable order): the wire contract
/// <see cref="GuardResultBody"/>, serialised with <see cref="ServeJsonContext"/>, so the command line's JSON, the
/// HTTP responses and the OpenAPI document share one definition.
/// </summary>
internal static class GuardResultJson
{
    /// <summary>Writes <paramref name="result"/>.</summary>
    /// <param name="json">The writer (its options decide indentation and escaping).</param>
    /// <param name="result">The result.</param>
    /// <param name="includeContext">Whether to write the composed context.</param>
    /// <param name="failureText">Rewrites the failure's reason before it is written (the HTTP service strips file paths from it), or <see langword="null"/> to write it as is.</param>
    public static void Write(Utf8JsonWriter json, GuardResult result, bool includeContext, Func<string, string>? failureText = null) =>
        JsonSerializer.Serialize(json, GuardResultBody.From(result, includeContext, failureText), ServeJsonContext.Default.GuardResultBody);

    /// <summary>Parses a surface name (see <see cref="GuardNames.TryParseSurface"/>); blank text means a user prompt.</summary>
    public static bool TryParseSurface(string? text, out GuardSurface surface)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            surface = GuardSurface.UserPrompt;
            return true;
        }

        return GuardNames.TryParseSurface(text, out surface);
    }
}
