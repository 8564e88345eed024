using System.Text.RegularExpressions;

namespace Mcip.RagPref.Tests.Packaging;

/// <summary>
/// A C# block of a README, with the marker comment above it that says how to build and run it:
/// <c>&lt;!-- snippet: KIND | packages: A, B | expect: REGEX | args: NAME | probe: PATH --&gt;</c> (fields separated by a bar with a space on each side, so an expected pattern may use alternation). KIND is
/// <c>console</c> (a fresh <c>dotnet new console</c> project, run to completion), <c>web</c> (a fresh
/// <c>dotnet new web</c> project, started and probed over HTTP), <c>mcp-stdio-server</c> (a console project
/// started as an MCP server and driven by the MCP C# client over stdio) or <c>mcp-http-server</c> (a web project
/// driven by the MCP C# client over Streamable HTTP at its probe path).
/// </summary>
internal sealed partial record ReadmeSnippet(string File, string Label, int Line, string Kind, IReadOnlyList<string> Packages, string? Expect, string? Args, string? Probe, string Code)
{
    /// <summary>The kinds a marker may name.</summary>
    public static readonly string[] Kinds = ["console", "web", "mcp-stdio-server", "mcp-http-server"];

    /// <summary>A short name, unique per README, usable as a folder and project name.</summary>
    public string Name => $"{Label}_L{Line}";

    /// <summary>
    /// Every C# block of <paramref name="path"/> (<paramref name="label"/> names the file in project names); a block without a well-formed marker right above it (blank lines
    /// between are allowed) is reported in <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<ReadmeSnippet> Parse(string path, string label, List<string> problems)
    {
        string[] lines = System.IO.File.ReadAllLines(path);
        var snippets = new List<ReadmeSnippet>();
        string? marker = null;
        int markerLine = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            Match m = MarkerPattern().Match(lines[i]);
            if (m.Success)
            {
                marker = m.Groups[1].Value;
                markerLine = i + 1;
                continue;
            }

            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                int end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                if (end < 0)
                {
                    problems.Add($"{path}:{i + 1}: a code block is never closed.");
                    break;
                }

                if (lines[i].Trim() is "```csharp" or "```cs" or "```c#")
                {
                    string code = string.Join('\n', lines[(i + 1)..end]) + "\n";
                    if (marker is null)
                    {
                        problems.Add($"{path}:{i + 1}: a C# block has no '<!-- snippet: console|web|mcp-stdio-server|mcp-http-server | packages: ... -->' marker above it.");
                    }
                    else if (TryCreate(path, label, i + 1, marker, code, out ReadmeSnippet? snippet, out string? problem))
                    {
                        snippets.Add(snippet);
                    }
                    else
                    {
                        problems.Add($"{path}:{markerLine}: {problem}");
                    }
                }

                marker = null;
                i = end;
                continue;
            }

            if (lines[i].Length > 0)
            {
                marker = null;
            }
        }

        return snippets;
    }

    private static bool TryCreate(string path, string label, int line, string marker, string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ReadmeSnippet? snippet, out string? problem)
    {
        snippet = null;
        string[] parts = marker.Split(" | ", StringSplitOptions.TrimEntries);
        string kind = parts[0];
        if (!Kinds.Contains(kind))
        {
            problem = $"snippet kind '{kind}' is not one of {string.Join(", ", Kinds)}.";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in parts[1..])
        {
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problem = $"marker field '{part}' is not 'name: value'.";
                return false;
            }

            fields[part[..colon].Trim()] = part[(colon + 1)..].Trim();
        }

        if (!fields.TryGetValue("packages", out string? packages) || packages.Length == 0)
        {
            problem = "the marker names no packages ('packages: Mcip.RagPref, ...').";
            return false;
        }

        string[] unknown = [.. fields.Keys.Except(["packages", "expect", "args", "probe"])];
        if (unknown.Length > 0)
        {
            problem = $"unknown marker field(s): {string.Join(", ", unknown)}.";
            return false;
        }

        snippet = new ReadmeSnippet(path, label, line, kind, packages.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            fields.GetValueOrDefault("expect"), fields.GetValueOrDefault("args"), fields.GetValueOrDefault("probe"), code);
        problem = null;
        return true;
    }

    [GeneratedRegex(@"^<!-- snippet: (.+?) -->\s*$")]
    private static partial Regex MarkerPattern();
}
