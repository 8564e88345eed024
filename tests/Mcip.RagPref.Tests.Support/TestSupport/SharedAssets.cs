using System.Reflection;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// Finds the workplace's <c>shared/</c> folder (reference outputs, eval data, model files) and the
/// set-up cache. Tests that need them call <see cref="RequireShared"/>,
/// which report the test as skipped (with the reason) when the folder is absent: never a silent pass.
/// </summary>
internal static class SharedAssets
{
    /// <summary>Environment variable naming the shared folder explicitly.</summary>
    public const string EnvironmentVariable = "MCIP_RAGPREF_SHARED";

    private static readonly Lazy<string?> SharedRoot = new(FindShared);

    /// <summary>The repository root (the folder holding <c>Mcip.RagPref.sln</c>).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The ragpref CLI (<c>ragpref.dll</c>) built in the repository, in the tests' own configuration.</summary>
    public static string RagprefDll
    {
        get
        {
            string configuration = typeof(SharedAssets).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(RepositoryRoot, "src", "Mcip.RagPref.Cli", "bin", configuration, "net10.0", "ragpref.dll");
        }
    }

    /// <summary>Returns the shared folder, or skips the calling test when it is absent.</summary>
    public static string RequireShared()
    {
        string? root = SharedRoot.Value;
        if (root is null)
        {
            Assert.Skip($"The shared reference folder was not found: set {EnvironmentVariable} or place 'shared/' beside the repository ({Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"))}).");
        }

        return root;
    }

    /// <summary>Path of a file under <c>shared/</c>; skips when absent.</summary>
    public static string SharedFile(params string[] parts) => Path.Combine([RequireShared(), .. parts]);

    private static string? FindShared()
    {
        string? explicitPath = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Directory.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        }

        string beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mcip.RagPref.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Mcip.RagPref.sln above {AppContext.BaseDirectory}.");
    }
}
