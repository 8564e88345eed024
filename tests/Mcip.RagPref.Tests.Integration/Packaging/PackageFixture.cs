using System.Reflection;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Packaging;

/// <summary>
/// Packs the solution once (<c>dotnet pack --no-build</c>, in the configuration the tests were built in) into a
/// temporary folder that the packaging tests install from. NuGet's global packages folder is redirected to a
/// temporary folder too, so a package from an earlier run can never be picked up instead of the one just packed.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    /// <summary>The version every package gets (Directory.Build.props VersionPrefix).</summary>
    public const string Version = "0.1.0";

    /// <summary>The packages that must be produced.</summary>
    public static readonly string[] PackageIds = ["Mcip.RagPref", "Mcip.RagPref.Models.MiniLM", "Mcip.RagPref.Hosting", "Mcip.RagPref.AI", "Mcip.RagPref.Mcp", "Mcip.RagPref.Agents", "Mcip.RagPref.Postgres", "Mcip.RagPref.Cli"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ragpref-pack-" + Guid.NewGuid().ToString("N"));

    /// <summary>The folder the .nupkg and .snupkg files are in.</summary>
    public string PackageFolder => Path.Combine(_root, "packages");

    /// <summary>A scratch folder for the tests.</summary>
    public string WorkFolder => Path.Combine(_root, "work");

    /// <summary>Environment for child dotnet processes: an empty global packages folder of their own.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-packages"),
        ["DOTNET_CLI_HOME"] = Path.Combine(_root, "cli-home"),
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };

    /// <summary>The output of <c>dotnet pack</c>.</summary>
    public string PackOutput { get; private set; } = string.Empty;

    /// <summary>The exit code of <c>dotnet pack</c>.</summary>
    public int PackExitCode { get; private set; }

    /// <summary>
    /// Creates <paramref name="folder"/> with a <c>nuget.config</c> that adds the packed packages as a source (the machine's
    /// sources stay), so a project in it or below restores our packages from this run's pack.
    /// </summary>
    public async Task CreateConsumerFolderAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{System.Security.SecurityElement.Escape(PackageFolder)}" />
              </packageSources>
            </configuration>
            """, cancellationToken);
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(PackageFolder);
        Directory.CreateDirectory(WorkFolder);
        string configuration = typeof(PackageFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        (int code, string output, string error) = await ProcessRun.RunAsync(
            "dotnet",
            ["pack", Path.Combine(SharedAssets.RepositoryRoot, "Mcip.RagPref.sln"), "-c", configuration, "--no-build", "--nologo", "-o", PackageFolder],
            SharedAssets.RepositoryRoot,
            Environment,
            TimeSpan.FromMinutes(10));
        PackExitCode = code;
        PackOutput = output + error;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A tool process may still hold a file for a moment; the folder is in the temp directory.
        }

        return ValueTask.CompletedTask;
    }
}
