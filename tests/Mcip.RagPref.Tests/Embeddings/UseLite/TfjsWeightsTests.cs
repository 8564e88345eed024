using System.Security.Cryptography;
using System.Text;
using Mcip.RagPref.Embeddings.UseLite;

namespace Mcip.RagPref.Tests.Embeddings.UseLite;

public sealed class TfjsWeightsTests
{
    [Fact]
    public void Load_PinnedFiles_ReadsEveryManifestByte()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();

        TfjsWeights weights = TfjsWeights.Load(copy.Directory, UseLiteAssets.ExpectedSha256);

        Assert.Equal(UseLiteAssets.WeightBytes, weights.TotalBytes);
        Assert.Equal([8002L, 256L], weights["module/Embeddings_en"].Shape.ToArray());
    }

    [Fact]
    public void Load_ShardWithWrongHash_ThrowsNamingTheShard()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();
        copy.Rewrite("group1-shard3of7", bytes =>
        {
            bytes[1000] ^= 0x40;
            return bytes;
        });

        RagPrefException ex = Assert.Throws<RagPrefException>(() => TfjsWeights.Load(copy.Directory, UseLiteAssets.ExpectedSha256));

        Assert.Contains("group1-shard3of7", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedShard_ThrowsNamingTheShard()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();
        copy.Rewrite("group1-shard7of7", bytes => bytes[..(bytes.Length / 2)]);

        RagPrefException ex = Assert.Throws<RagPrefException>(() => TfjsWeights.Load(copy.Directory, UseLiteAssets.ExpectedSha256));

        Assert.Contains("group1-shard7of7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingShard_ThrowsSayingToRunSetup()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();
        copy.Delete("group1-shard1of7");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => TfjsWeights.Load(copy.Directory, UseLiteAssets.ExpectedSha256));

        Assert.Contains("group1-shard1of7", ex.Message, StringComparison.Ordinal);
        Assert.Contains("build.sh setup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestNeedsMoreBytesThanTheShardsHold_ThrowsTruncated()
    {
        using var folder = new SyntheticModel("""{"weightsManifest":[{"paths":["s1"],"weights":[{"name":"a","shape":[2],"dtype":"float32"},{"name":"b","shape":[3],"dtype":"int32"}]}]}""", new byte[12]);

        RagPrefException ex = Assert.Throws<RagPrefException>(() => folder.Load());

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShardsHoldExtraBytes_Throws()
    {
        using var folder = new SyntheticModel("""{"weightsManifest":[{"paths":["s1"],"weights":[{"name":"a","shape":[1],"dtype":"float32"}]}]}""", new byte[8]);

        RagPrefException ex = Assert.Throws<RagPrefException>(() => folder.Load());

        Assert.Contains("manifest reads 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SyntheticManifest_SlicesWeightsInOrder()
    {
        byte[] shard = [0, 0, 0x80, 0x3F, 0xFE, 0xFF, 0xFF, 0xFF];
        using var folder = new SyntheticModel("""{"weightsManifest":[{"paths":["s1"],"weights":[{"name":"a","shape":[],"dtype":"float32"},{"name":"b","shape":[1,1],"dtype":"int32"}]}]}""", shard);

        TfjsWeights weights = folder.Load();

        Assert.Equal(1f, weights["a"].ToFloatScalar());
        Assert.Equal([-2], weights["b"].ToInt32s());
        Assert.Throws<RagPrefException>(() => weights["missing"]);
    }

    [Fact]
    public void Load_QuantizedWeight_ThrowsUnsupported()
    {
        using var folder = new SyntheticModel("""{"weightsManifest":[{"paths":["s1"],"weights":[{"name":"a","shape":[1],"dtype":"float32","quantization":{"dtype":"uint8"}}]}]}""", new byte[4]);

        RagPrefException ex = Assert.Throws<RagPrefException>(() => folder.Load());

        Assert.Contains("quantized", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileWithoutPinnedHash_IsRefused()
    {
        using var folder = new SyntheticModel("""{"weightsManifest":[{"paths":["s1"],"weights":[]}]}""", []);

        RagPrefException ex = Assert.Throws<RagPrefException>(() => TfjsWeights.Load(folder.Directory, name => name == "model.json" ? folder.Hash("model.json") : null));

        Assert.Contains("s1", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A model.json plus one shard "s1" in a temp folder, with the hashes the test pins.</summary>
    private sealed class SyntheticModel : IDisposable
    {
        public SyntheticModel(string manifest, byte[] shard)
        {
            Directory = Path.Combine(Path.GetTempPath(), "ragpref-tfjs-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(Path.Combine(Directory, "model.json"), manifest, Encoding.UTF8);
            File.WriteAllBytes(Path.Combine(Directory, "s1"), shard);
        }

        public string Directory { get; }

        public string Hash(string name) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Directory, name))));

        public TfjsWeights Load() => TfjsWeights.Load(Directory, Hash);

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
