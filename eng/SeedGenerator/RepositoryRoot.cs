namespace Mcip.RagPref.SeedGenerator;

/// <summary>Finds the repository root: the first folder upwards from the current directory that holds Mcip.RagPref.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mcip.RagPref.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mcip.RagPref.sln not found above the current directory; run from inside the repository");
    }
}
