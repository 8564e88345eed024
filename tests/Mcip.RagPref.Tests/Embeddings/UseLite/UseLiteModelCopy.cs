using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings.UseLite;

/// <summary>
/// A temporary model folder whose files are symbolic links to the cached TensorFlow.js files, so a test can
/// replace one file (corrupt, truncate, delete) or write <c>model.onnx</c> without touching the cache.
/// </summary>
internal sealed class UseLiteModelCopy : IDisposable
{
    private UseLiteModelCopy(string directory) => Directory = directory;

    /// <summary>The temporary folder.</summary>
    public string Directory { get; }

    /// <summary>Links every pinned file of the cache; skips the test when the cache lacks them.</summary>
    public static UseLiteModelCopy Create()
    {
        string source = SharedAssets.RequireCache("use-lite", "0.2.0", UseLiteAssets.ModelJson);
        string sourceDirectory = Path.GetDirectoryName(source)!;
        string directory = Path.Combine(Path.GetTempPath(), "ragpref-uselite-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        foreach (KeyValuePair<string, string> file in UseLiteAssets.Files)
        {
            File.CreateSymbolicLink(Path.Combine(directory, file.Key), Path.Combine(sourceDirectory, file.Key));
        }

        return new UseLiteModelCopy(directory);
    }

    /// <summary>Replaces a linked file by a real file holding <paramref name="transform"/> of its bytes.</summary>
    public void Rewrite(string fileName, Func<byte[], byte[]> transform)
    {
        string path = Path.Combine(Directory, fileName);
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        File.WriteAllBytes(path, transform(bytes));
    }

    /// <summary>Removes a file from the copy.</summary>
    public void Delete(string fileName) => File.Delete(Path.Combine(Directory, fileName));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
