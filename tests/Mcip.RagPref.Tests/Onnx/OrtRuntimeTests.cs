using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Onnx;

public sealed class OrtRuntimeTests
{
    [Fact]
    public void Get_ExplicitMissingPath_ThrowsListingThatPlaceAndWhatToDo()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-dir", "libonnxruntime.so.1");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => OrtRuntime.Get(missing));

        Assert.Contains($"1. OnnxRuntimeOptions.LibraryPath: '{missing}': the file does not exist", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2. ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("./build.sh setup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_SamePathTwice_LoadsOnceAndSharesTheEnvironment()
    {
        string library = OnnxTestAssets.RuntimeLibrary();

        OrtRuntime first = OrtRuntime.Get(library);
        OrtRuntime second = OrtRuntime.Get(library);

        Assert.Same(first, second);
        Assert.Equal("1.30.0", first.Version);
        Assert.False(first.Environment.IsInvalid);
        Assert.False(first.CpuMemoryInfo.IsInvalid);
        Assert.NotEqual(0, first.DefaultAllocator);
    }

    [Fact]
    public void Get_ConcurrentFirstUse_ReturnsOneRuntime()
    {
        string library = OnnxTestAssets.RuntimeLibrary();
        var results = new OrtRuntime[8];

        Parallel.For(0, results.Length, i => results[i] = OrtRuntime.Get(library));

        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void Get_Automatic_FindsTheSetupCacheLibrary()
    {
        string library = OnnxTestAssets.RuntimeLibrary();
        Assert.SkipWhen(
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OrtLibraryLoader.EnvironmentVariable)),
            $"{OrtLibraryLoader.EnvironmentVariable} is set, so automatic resolution is not in use.");

        OrtRuntime runtime = OrtRuntime.Get(null);

        Assert.Equal("1.30.0", runtime.Version);
        Assert.Same(OrtRuntime.Get(library), runtime);
    }
}
