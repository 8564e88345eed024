namespace Mcip.RagPref.Benchmarks.Embeddings;

/// <summary>
/// Finds the workplace's <c>shared/</c> folder: the <c>MCIP_RAGPREF_SHARED</c> environment variable, else the
/// folder beside the repository (found by walking up to <c>Mcip.RagPref.sln</c>).
/// </summary>
internal static class SharedFolder
{
    /// <summary>The path of a file under <c>shared/</c>.</summary>
    /// <exception cref="FileNotFoundException">The shared folder or the file is missing.</exception>
    public static string File(params string[] parts)
    {
        string path = Path.Combine([Root(), .. parts]);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"'{path}' is missing: these benchmarks need the shared reference files (set MCIP_RAGPREF_SHARED).", path);
    }

    private static string Root()
    {
        string? explicitPath = Environment.GetEnvironmentVariable("MCIP_RAGPREF_SHARED");
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return explicitPath;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Mcip.RagPref.sln")))
            {
                return Path.Combine(dir.FullName, "..", "shared");
            }
        }

        throw new DirectoryNotFoundException("The shared folder was not found: set MCIP_RAGPREF_SHARED.");
    }
}
