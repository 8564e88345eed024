using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Benchmarks.Stores;

/// <summary>
/// Store file costs on a 20k x 512 store (about 41 MB of vectors): the section checksum (our XXH64 against
/// the BCL's SHA-256, the alternative the format could have used) and a full verified load by memory map
/// against reading the file's bytes into memory (the I/O floor of a copying loader).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StoreFileBenchmarks
{
    private const int Rows = 20_000;
    private const int Dimensions = 512;
    private string _path = string.Empty;
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _path = StoreBenchmarkData.WriteStore(Rows, Dimensions);
        _bytes = File.ReadAllBytes(_path);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "SHA-256 of the file bytes")]
    [BenchmarkCategory("checksum")]
    public byte[] ChecksumSha256() => SHA256.HashData(_bytes);

    [Benchmark(Description = "XXH64 of the file bytes")]
    [BenchmarkCategory("checksum")]
    public ulong ChecksumXxHash64() => System.IO.Hashing.XxHash64.HashToUInt64(_bytes);

    [Benchmark(Baseline = true, Description = "File.ReadAllBytes (copying floor)")]
    [BenchmarkCategory("load")]
    public int ReadAllBytes() => File.ReadAllBytes(_path).Length;

    [Benchmark(Description = "ExampleStore.Load (map + verify + decode + index)")]
    [BenchmarkCategory("load")]
    public int LoadStore()
    {
        using ExampleStore store = ExampleStore.Load(_path);
        return store.Count;
    }
}
