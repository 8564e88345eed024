using System.Text.RegularExpressions;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Architecture;

/// <summary>
/// The core library's folders (one namespace each) only reference the layers below them (../shared/DESIGN.md §4):
/// no cycles, no upward references. Read from the sources: every <c>using Mcip.RagPref.X</c> and every qualified
/// <c>Mcip.RagPref.X.</c> name, comments and XML docs included.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>What each folder of src/Mcip.RagPref may reference (besides the root namespace).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Text"] = [],
        ["Index"] = [],
        ["Diagnostics"] = [],
        ["Requests"] = ["Text"],
        ["Embeddings"] = ["Models", "Text"],
        // "Seed": the seed corpus's resource names, Mcip.RagPref.Seed.*.jsonl (a name, not a folder).
        ["Stores"] = ["Diagnostics", "Embeddings", "Index", "Requests", "Seed", "Text"],
        ["Scoring"] = ["Requests", "Stores", "Text"],
        ["Prompting"] = ["Requests", "Text"],
        ["Flows"] = ["Diagnostics", "Requests", "Scoring", "Text"],
        ["Guard"] = ["Diagnostics", "Embeddings", "Flows", "Index", "Models", "Prompting", "Requests", "Scoring", "Stores", "Text"],
    };

    /// <summary>
    /// What each integration package under src/ (above the core library) may reference of the core's folders. Core
    /// folders never reference an integration package: none is in the table above.
    /// </summary>
    private static readonly Dictionary<string, string[]> AllowedPackages = new()
    {
        ["Mcip.RagPref.AI"] = ["Embeddings", "Flows", "Guard", "Prompting", "Requests", "Scoring", "Stores", "Text"],
        ["Mcip.RagPref.Agents"] = ["AI", "Guard", "Prompting", "Requests"],
    };

    [Fact]
    public void CoreFolders_ReferenceOnlyLowerLayers()
    {
        string core = Path.Combine(SharedAssets.RepositoryRoot, "src", "Mcip.RagPref");
        var violations = new List<string>();
        string[] folders = [.. Directory.GetDirectories(core).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Cast<string>()];

        foreach (string folder in folders)
        {
            Assert.True(Allowed.ContainsKey(folder), $"src/Mcip.RagPref/{folder} has no entry in the layering table; add it with the layers it may use.");
            foreach (string file in Directory.GetFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in Reference().Matches(File.ReadAllText(file)))
                {
                    string target = match.Groups[1].Value;
                    if (target != folder && !Allowed[folder].Contains(target))
                    {
                        violations.Add($"{Path.GetRelativePath(core, file)} references Mcip.RagPref.{target}");
                    }
                }
            }
        }

        Assert.Empty(violations.Distinct());
    }

    [Fact]
    public void IntegrationPackages_ReferenceOnlyTheCoreTopLayers()
    {
        var violations = new List<string>();
        foreach ((string package, string[] allowed) in AllowedPackages)
        {
            string folder = Path.Combine(SharedAssets.RepositoryRoot, "src", package);
            Assert.True(Directory.Exists(folder), $"src/{package} does not exist; remove it from the table or fix its name.");
            string self = package["Mcip.RagPref.".Length..];
            foreach (string file in Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(folder, f)))
            {
                foreach (Match match in Reference().Matches(File.ReadAllText(file)))
                {
                    string target = match.Groups[1].Value;
                    if (target != self && !allowed.Contains(target))
                    {
                        violations.Add($"{package}/{Path.GetRelativePath(folder, file)} references Mcip.RagPref.{target}");
                    }
                }
            }
        }

        Assert.Empty(violations.Distinct());
    }

    [Fact]
    public void RootFiles_ReferenceNoFolder()
    {
        string core = Path.Combine(SharedAssets.RepositoryRoot, "src", "Mcip.RagPref");

        string[] violations = [.. Directory.GetFiles(core, "*.cs").Where(f => Reference().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).Cast<string>()];

        Assert.Empty(violations);
    }

    private static bool IsBuildOutput(string project, string file) =>
        Path.GetRelativePath(project, file).Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    [GeneratedRegex(@"\bMcip\.RagPref\.(\w+)\b(?!\.csproj)")]
    private static partial Regex Reference();
}
