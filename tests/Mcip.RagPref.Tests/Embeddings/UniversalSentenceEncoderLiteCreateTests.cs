using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Tests.Embeddings.UseLite;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Embeddings;

public sealed class UniversalSentenceEncoderLiteCreateTests
{
    [Fact]
    public void Create_FolderWithoutModelFiles_ThrowsSayingToRunSetup()
    {
        string empty = Directory.CreateTempSubdirectory("ragpref-empty-").FullName;
        try
        {
            RagPrefException ex = Assert.Throws<RagPrefException>(() => UniversalSentenceEncoderLite.Create(new UniversalSentenceEncoderLiteOptions { ModelDirectory = empty }));

            Assert.Contains("./build.sh setup", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void Create_ModelMissingAndConversionOff_ThrowsSayingToRunRagprefSetup()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();

        RagPrefException ex = Assert.Throws<RagPrefException>(() => UniversalSentenceEncoderLite.Create(new UniversalSentenceEncoderLiteOptions { ModelDirectory = copy.Directory, ConvertIfMissing = false }));

        Assert.Contains("ragpref setup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CorruptVocabulary_ThrowsNamingIt()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();
        copy.Rewrite(UseLiteAssets.VocabJson, bytes => bytes[..^10]);

        RagPrefException ex = Assert.Throws<RagPrefException>(() => UniversalSentenceEncoderLite.Create(new UniversalSentenceEncoderLiteOptions { ModelDirectory = copy.Directory, OnnxRuntime = OnnxTestAssets.Options() }));

        Assert.Contains(UseLiteAssets.VocabJson, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ForeignModelOnnx_ThrowsDescribingTheExpectedSignature()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();
        File.Copy(OnnxTestAssets.TinyBertModel(), Path.Combine(copy.Directory, UseLiteAssets.OnnxFile));

        RagPrefException ex = Assert.Throws<RagPrefException>(() => UniversalSentenceEncoderLite.Create(new UniversalSentenceEncoderLiteOptions { ModelDirectory = copy.Directory, OnnxRuntime = OnnxTestAssets.Options() }));

        Assert.Contains("'ids'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BatchSizeZero_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UniversalSentenceEncoderLite.Create(new UniversalSentenceEncoderLiteOptions { BatchSize = 0 }));
    }

    [Fact]
    public async Task GenerateAsync_AfterDispose_ThrowsObjectDisposed()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();
        UniversalSentenceEncoderLite embedder = UniversalSentenceEncoderLite.Create(new UniversalSentenceEncoderLiteOptions { ModelDirectory = copy.Directory, OnnxRuntime = OnnxTestAssets.Options(), BatchSize = 3 });
        GeneratedEmbeddings<Embedding<float>> before = await embedder.GenerateAsync(["a", "b", "c", "d", "e"], cancellationToken: TestContext.Current.CancellationToken);

        embedder.Dispose();

        Assert.Equal(5, before.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => embedder.GenerateAsync(["a"], cancellationToken: TestContext.Current.CancellationToken));
    }
}
