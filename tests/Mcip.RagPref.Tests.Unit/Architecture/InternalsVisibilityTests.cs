using System.Reflection;
using System.Runtime.CompilerServices;
using Mcip.RagPref.Agents;
using Mcip.RagPref.AI;
using Mcip.RagPref.Cli;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Hosting;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Models;
using Mcip.RagPref.Postgres;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Architecture;

/// <summary>
/// Every assembly under src/ is built on the public API of the others: none declares
/// <see cref="InternalsVisibleToAttribute"/> naming another src assembly (only the test and benchmark projects may see
/// internals). Read from the built assemblies, so an attribute added by any means (csproj item or source) is caught.
/// </summary>
public sealed class InternalsVisibilityTests
{
    /// <summary>The src project folders and the assembly each builds (the CLI's is named after its command).</summary>
    private static readonly Dictionary<string, Assembly> SrcAssemblies = new(StringComparer.Ordinal)
    {
        ["Mcip.RagPref"] = typeof(RagPrefGuard).Assembly,
        ["Mcip.RagPref.Hosting"] = typeof(RagPrefOptions).Assembly,
        ["Mcip.RagPref.Mcp"] = typeof(RagPrefMcpOptions).Assembly,
        ["Mcip.RagPref.Agents"] = typeof(RagPrefAgentOptions).Assembly,
        ["Mcip.RagPref.AI"] = typeof(RagPrefChatClientOptions).Assembly,
        ["Mcip.RagPref.Models.MiniLM"] = typeof(MiniLmL6V2).Assembly,
        ["Mcip.RagPref.Postgres"] = typeof(RagPrefPostgresOptions).Assembly,
        ["Mcip.RagPref.Cli"] = typeof(CliApplication).Assembly,
    };

    [Fact]
    public void SrcAssemblies_CoverEverySrcProject()
    {
        string src = Path.Combine(SharedAssets.RepositoryRoot, "src");
        string[] projects = [.. Directory.GetDirectories(src).Where(d => Directory.GetFiles(d, "*.csproj").Length > 0).Select(Path.GetFileName).Cast<string>().Order(StringComparer.Ordinal)];

        Assert.Equal(projects, SrcAssemblies.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SrcAssemblies_ShowNoInternalsToAnotherSrcAssembly()
    {
        // Both the project name and the assembly name count: the CLI project is Mcip.RagPref.Cli, its assembly ragpref.
        var srcNames = new HashSet<string>(SrcAssemblies.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (Assembly assembly in SrcAssemblies.Values)
        {
            srcNames.Add(assembly.GetName().Name!);
        }

        var violations = new List<string>();
        foreach (Assembly assembly in SrcAssemblies.Values)
        {
            foreach (InternalsVisibleToAttribute attribute in assembly.GetCustomAttributes<InternalsVisibleToAttribute>())
            {
                string friend = attribute.AssemblyName.Split(',')[0].Trim();
                if (srcNames.Contains(friend))
                {
                    violations.Add($"{assembly.GetName().Name} -> {friend}");
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void SrcAssemblies_StillShowInternalsToTheTests()
    {
        // The rule is about src; the tests keep seeing internals (so the check above reads real attributes).
        Assert.All(SrcAssemblies.Values.Where(a => a != typeof(MiniLmL6V2).Assembly), assembly =>
            Assert.Contains(assembly.GetCustomAttributes<InternalsVisibleToAttribute>(), a => a.AssemblyName.Split(',')[0] == typeof(InternalsVisibilityTests).Assembly.GetName().Name));
    }
}
