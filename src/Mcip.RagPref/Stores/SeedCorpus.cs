using System.Security.Cryptography;

namespace Mcip.RagPref.Stores;

/// <summary>
/// The project's own seed corpus of benign and attack examples (written for this project, across the four
/// request surfaces), embedded in the library so the default store can be built on any machine. Public as
/// <see cref="ExampleInput.ReadSeedCorpus"/>.
/// </summary>
internal static class SeedCorpus
{
    private const string Prefix = "Mcip.RagPref.Seed.";
    private static readonly Lazy<string[]> ResourceNames = new(() =>
    {
        string[] names = [.. typeof(SeedCorpus).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))];
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    });

    private static readonly Lazy<string> LazyHash = new(ComputeHash);

    /// <summary>Lower-case hex SHA-256 over every corpus file, in name order: it changes whenever the corpus does.</summary>
    public static string Sha256 => LazyHash.Value;

    /// <summary>Reads every example of the corpus (each origin names the file and line).</summary>
    /// <returns>The examples, file by file in name order.</returns>
    /// <exception cref="RagPrefException">The library was built without its seed corpus.</exception>
    public static IEnumerable<ExampleInput> Read()
    {
        if (ResourceNames.Value.Length == 0)
        {
            throw new RagPrefException("The Mcip.RagPref assembly holds no seed corpus resources (Mcip.RagPref.Seed.*.jsonl); it was built without embeddings/seed/. Rebuild the library from the repository.");
        }

        foreach (string name in ResourceNames.Value)
        {
            using Stream stream = Open(name);
            using var reader = new StreamReader(stream);
            foreach (ExampleInput input in ExampleFileReader.Read(reader, name[Prefix.Length..]))
            {
                yield return input;
            }
        }
    }

    private static Stream Open(string name) =>
        typeof(SeedCorpus).Assembly.GetManifestResourceStream(name)
        ?? throw new RagPrefException($"The seed corpus resource '{name}' is missing from {typeof(SeedCorpus).Assembly.GetName().Name}.");

    private static string ComputeHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string name in ResourceNames.Value)
        {
            using Stream stream = Open(name);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            byte[] buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
