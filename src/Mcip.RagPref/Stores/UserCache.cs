namespace Mcip.RagPref.Stores;

/// <summary>
/// Locates the user-level cache where generated files live (the default seed-corpus store of each embedder), so that
/// every process of a user reuses what the first one built.
/// </summary>
/// <remarks>
/// Resolution order: the <c>MCIP_RAGPREF_CACHE</c> environment variable, then <c>$XDG_CACHE_HOME/mcip-ragpref</c>,
/// then <c>~/.cache/mcip-ragpref</c> (on Windows, <c>%LOCALAPPDATA%\mcip-ragpref</c>).
/// </remarks>
internal static class UserCache
{
    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string EnvironmentVariable = "MCIP_RAGPREF_CACHE";

    /// <summary>The cache root folder (it may not exist yet).</summary>
    public static string Root
    {
        get
        {
            string? explicitRoot = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(explicitRoot))
            {
                return Path.GetFullPath(explicitRoot);
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, "mcip-ragpref");
            }

            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "mcip-ragpref");
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "mcip-ragpref");
        }
    }
}
