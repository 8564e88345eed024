using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Onnx;

public sealed class OrtLibraryLoaderTests
{
    [Fact]
    public void GetCandidates_ExplicitPath_TriesOnlyThatPath()
    {
        IReadOnlyList<OrtLibraryCandidate> candidates =
            OrtLibraryLoader.GetCandidates("/nowhere/libonnxruntime.so.1", "/env/lib.so", "/app", "/cache");

        OrtLibraryCandidate only = Assert.Single(candidates);
        Assert.Equal("/nowhere/libonnxruntime.so.1", only.PathOrName);
        Assert.Equal("OnnxRuntimeOptions.LibraryPath", only.Source);
    }

    [Fact]
    public void GetCandidates_EnvironmentValueOnly_TriesOnlyThatPath()
    {
        IReadOnlyList<OrtLibraryCandidate> candidates = OrtLibraryLoader.GetCandidates(null, "/env/libonnxruntime.so.1", "/app", "/cache");

        OrtLibraryCandidate only = Assert.Single(candidates);
        Assert.Equal("/env/libonnxruntime.so.1", only.PathOrName);
        Assert.Contains(OrtLibraryLoader.EnvironmentVariable, only.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCandidates_ExplicitFolder_TriesTheLibraryNamesInside()
    {
        string folder = Directory.CreateTempSubdirectory("ort-folder").FullName;
        try
        {
            IReadOnlyList<OrtLibraryCandidate> candidates = OrtLibraryLoader.GetCandidates(folder, null, "/app", "/cache");

            Assert.Equal([Path.Combine(folder, "libonnxruntime.so"), Path.Combine(folder, "libonnxruntime.so.1")], candidates.Select(c => c.PathOrName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void GetCandidates_NothingConfigured_AppRuntimesThenAppThenCacheThenSystem()
    {
        IReadOnlyList<OrtLibraryCandidate> candidates = OrtLibraryLoader.GetCandidates(null, null, "/app", "/cache");
        string[] paths = candidates.Select(c => c.PathOrName).ToArray();

        Assert.Contains("/app/runtimes/linux-x64/native/libonnxruntime.so", paths);
        Assert.Contains("/app/runtimes/linux-x64/native/libonnxruntime.so.1", paths);
        int app = Array.IndexOf(paths, "/app/libonnxruntime.so.1");
        int cache = Array.IndexOf(paths, "/cache/libonnxruntime.so.1");
        Assert.True(Array.IndexOf(paths, "/app/runtimes/linux-x64/native/libonnxruntime.so.1") < app);
        Assert.True(app < cache);
        Assert.Equal(["libonnxruntime.so.1", "libonnxruntime.so"], paths[(cache + 1)..]);
        Assert.All(candidates.Skip(cache + 1), c => Assert.False(c.IsFile));
    }

    [Fact]
    public void Load_NothingLoads_ListsEveryPlaceWithItsReasonAndWhatToDo()
    {
        string notOrt = Path.Combine(Path.GetTempPath(), $"not-ort-{Guid.NewGuid():N}.so");
        File.WriteAllText(notOrt, "this is not an ELF file");
        try
        {
            OrtLibraryCandidate[] candidates =
            [
                new("the application folder", "/definitely/missing/libonnxruntime.so", true),
                new("the set-up cache", notOrt, true),
                new("the system loader", "libc.so.6", false),
                new("the system loader", "libmcip-no-such-library.so.1", false),
            ];

            RagPrefException ex = Assert.Throws<RagPrefException>(() => OrtLibraryLoader.Load(candidates));

            Assert.Null(ex.OnnxRuntimeErrorCode);
            Assert.Contains("1. the application folder: '/definitely/missing/libonnxruntime.so': the file does not exist", ex.Message, StringComparison.Ordinal);
            Assert.Contains($"2. the set-up cache: '{notOrt}': the loader refused it", ex.Message, StringComparison.Ordinal);
            Assert.Contains("3. the system loader: 'libc.so.6': it loaded but exports no OrtGetApiBase", ex.Message, StringComparison.Ordinal);
            Assert.Contains("4. the system loader: 'libmcip-no-such-library.so.1': the loader refused it", ex.Message, StringComparison.Ordinal);
            Assert.Contains("./build.sh setup", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Microsoft.ML.OnnxRuntime", ex.Message, StringComparison.Ordinal);
            Assert.Contains(OrtLibraryLoader.EnvironmentVariable, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notOrt);
        }
    }

    [Fact]
    public void Load_ApiVersionTheLibraryLacks_NamesItsVersionAndTheVersionNeeded()
    {
        string library = OnnxTestAssets.RuntimeLibrary();

        RagPrefException ex = Assert.Throws<RagPrefException>(
            () => OrtLibraryLoader.Load([new("OnnxRuntimeOptions.LibraryPath", library, true)], apiVersion: 1000));

        Assert.Contains("it is ONNX Runtime 1.30.0, which does not offer C API version 1000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RealLibrary_ReturnsApiTableAndVersion()
    {
        string library = OnnxTestAssets.RuntimeLibrary();

        OrtLoadedLibrary loaded = OrtLibraryLoader.Load([new("test", library, true)]);

        Assert.Equal("1.30.0", loaded.Version);
        Assert.NotEqual(0, loaded.ApiTable);
        Assert.Equal(Path.GetFullPath(library), loaded.Location);
    }
}
