using System.Text.RegularExpressions;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// Makes text fit for a public response: every absolute file path (<c>/home/me/.cache/x/seed.rpstore</c>,
/// <c>C:\Users\me\seed.rpstore</c>, <c>\\server\share\seed.rpstore</c>) is cut to its file name, so that responses
/// reveal neither the user name, nor the folder layout, nor where the cache lives.
/// </summary>
internal static partial class PublicText
{
    /// <summary>Replaces each absolute path in <paramref name="text"/> by its last segment.</summary>
    /// <param name="text">A message, description or value.</param>
    /// <returns>The text with no absolute path left.</returns>
    public static string WithoutPaths(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AbsolutePath().Replace(text, match => match.Groups["name"].Value);
    }

    // A Unix path (a '/' not inside a word or URL, then folders), a drive path (C:\ or C:/) or a UNC path, then the file name.
    [GeneratedRegex(@"(?:(?<![\w.~:/\\-])/(?:[^\s'""<>|/\\]*/)+|(?<![\w])[A-Za-z]:[\\/](?:[^\s'""<>|/\\]*[\\/])*|\\\\(?:[^\s'""<>|\\]+\\)+)(?<name>[^\s'""<>|/\\]*)", RegexOptions.CultureInvariant)]
    private static partial Regex AbsolutePath();
}
