using System.Security.Cryptography;
using Mcip.RagPref.Embeddings.UseLite;

namespace Mcip.RagPref.Tests.Embeddings.UseLite;

public sealed class UseLiteOnnxConverterTests
{
    [Fact]
    public void ConvertToFile_PinnedFiles_WritesModelWithoutLeavingTemporaryFiles()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();

        string path = UseLiteOnnxConverter.ConvertToFile(copy.Directory);

        Assert.Equal(Path.Combine(copy.Directory, UseLiteAssets.OnnxFile), path);
        Assert.True(new FileInfo(path).Length > UseLiteAssets.WeightBytes);
        Assert.Empty(Directory.GetFiles(copy.Directory, "*.tmp"));
    }

    [Fact]
    public void Convert_TwiceFromTheSameFiles_GivesIdenticalBytes()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();

        byte[] first = UseLiteOnnxConverter.Convert(copy.Directory);
        byte[] second = UseLiteOnnxConverter.Convert(copy.Directory);

        Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));
    }

    [Fact]
    public void Convert_CorruptShard_ThrowsNamingItAndWritesNothing()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();
        copy.Rewrite("group1-shard5of7", bytes => bytes[..^1]);

        RagPrefException ex = Assert.Throws<RagPrefException>(() => UseLiteOnnxConverter.ConvertToFile(copy.Directory));

        Assert.Contains("group1-shard5of7", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(copy.Directory, UseLiteAssets.OnnxFile)));
    }
}
