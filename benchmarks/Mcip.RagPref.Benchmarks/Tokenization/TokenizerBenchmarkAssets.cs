namespace Mcip.RagPref.Benchmarks.Tokenization;

/// <summary>
/// Locates the vocabularies the tokenizer benchmarks read: the shared folder (the <c>MCIP_RAGPREF_SHARED</c>
/// environment variable, else <c>shared/</c> beside the repository root, as the tests find it) .
/// </summary>
internal static class TokenizerBenchmarkAssets
{
    /// <summary>The MiniLM WordPiece vocabulary under <c>shared/models/all-MiniLM-L6-v2/</c>.</summary>
    public static string MiniLmVocabulary => Require(Path.Combine(SharedRoot(), "models", "all-MiniLM-L6-v2", "vocab.txt"), "the shared folder");

    private static string SharedRoot()
    {
        string? explicitPath = Environment.GetEnvironmentVariable("MCIP_RAGPREF_SHARED");
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mcip.RagPref.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            }
        }

        throw new InvalidOperationException($"No Mcip.RagPref.sln above {AppContext.BaseDirectory}; set MCIP_RAGPREF_SHARED.");
    }

    private static string Require(string path, string source)
        => File.Exists(path) ? path : throw new FileNotFoundException($"'{path}' is missing: it comes from {source} (set MCIP_RAGPREF_SHARED to the shared folder if it lives elsewhere).", path);
}
