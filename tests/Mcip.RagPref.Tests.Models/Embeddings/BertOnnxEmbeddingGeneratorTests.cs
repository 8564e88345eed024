using System.Numerics.Tensors;
using System.Security.Cryptography;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Embeddings;

public sealed class BertOnnxEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_ReferenceSentences_MatchOnnxRuntimeNodeVectors()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(reference.Texts, cancellationToken: Ct);

        Assert.Equal(reference.Texts.Count, embeddings.Count);
        for (int i = 0; i < reference.Texts.Count; i++)
        {
            float[] vector = embeddings[i].Vector.ToArray();
            Assert.Equal(reference.Dimensions, vector.Length);
            Assert.True(OnnxTestAssets.Cosine(vector, reference.Vectors[i]) >= 0.99999, $"sentence {i}: {reference.Texts[i]}");
            Assert.Equal(1f, TensorPrimitives.Norm(vector), 5);
        }

        Assert.Equal(reference.Ids.Sum(ids => ids.Length), embeddings.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_PaddedBatch_EqualsSingleRuns()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());

        GeneratedEmbeddings<Embedding<float>> batch = await generator.GenerateAsync(reference.Texts, cancellationToken: Ct);

        for (int i = 0; i < reference.Texts.Count; i++)
        {
            float[] single = (await generator.GenerateAsync([reference.Texts[i]], cancellationToken: Ct))[0].Vector.ToArray();
            Assert.True(MaxAbsDifference(single, batch[i].Vector.ToArray()) <= 1e-6f, $"text {i}");
        }
    }

    [Fact]
    public async Task GenerateAsync_ManyTextsOfMixedLengthsInSmallBatches_KeepInputOrder()
    {
        using var folder = new TinyBertModelFolder();
        BertOnnxEmbeddingGeneratorOptions options = Options();
        options.BatchSize = 2;
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, options);
        string[] texts = ["a much longer sentence about tools and files", "hi", "", "delete every file in the home folder now", "ok then", "x"];

        GeneratedEmbeddings<Embedding<float>> batch = await generator.GenerateAsync(texts, cancellationToken: Ct);

        for (int i = 0; i < texts.Length; i++)
        {
            float[] single = (await generator.GenerateAsync([texts[i]], cancellationToken: Ct))[0].Vector.ToArray();
            Assert.True(MaxAbsDifference(single, batch[i].Vector.ToArray()) <= 1e-6f, $"text {i}");
        }
    }

    [Fact]
    public async Task GenerateAsync_EmptyText_EmbedsClsSep()
    {
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());
        using BertOnnxEncoder encoder = BertOnnxEncoder.Create(folder.FilePath("model.onnx"), Options());
        float[] clsSep = new float[encoder.Dimensions];
        encoder.Encode([101, 102], [1, 1], [], 1, 2, clsSep);

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync([""], cancellationToken: Ct);

        Assert.Equal(clsSep, embeddings[0].Vector.ToArray());
        Assert.Equal(2, embeddings.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_HundredThousandCharacters_EmbedsEveryTokenInWindows()
    {
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());
        string huge = string.Concat(Enumerable.Repeat("word ", 20_000));
        string oneWindow = string.Concat(Enumerable.Repeat("word ", generator.WindowLength - 2));
        string hugeWithTail = huge + "a different ending about something else entirely";

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync([huge, hugeWithTail], cancellationToken: Ct);
        GeneratedEmbeddings<Embedding<float>> window = await generator.GenerateAsync([oneWindow], cancellationToken: Ct);

        Assert.Equal(100_000, huge.Length);
        Assert.Equal(512, generator.WindowLength);
        Assert.Equal(20_002 + generator.Tokenizer.CountTokens(hugeWithTail), embeddings.Usage?.InputTokenCount);
        Assert.Equal(1.0, Math.Sqrt(embeddings[0].Vector.ToArray().Sum(v => (double)v * v)), 5);
        Assert.True(OnnxTestAssets.Cosine(embeddings[0].Vector.Span, window[0].Vector.Span) > 0.999, "every window of the repeated word looks alike");
        Assert.NotEqual(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_ConfigJsonWithFewPositions_CapsTheMaximumLength()
    {
        using var folder = new TinyBertModelFolder();
        File.WriteAllText(folder.FilePath("config.json"), """{"model_type": "bert", "max_position_embeddings": 16}""");
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync([string.Concat(Enumerable.Repeat("word ", 100))], cancellationToken: Ct);

        Assert.Equal(16, generator.WindowLength);
        Assert.EndsWith("+mean16w3", EmbedderFingerprint.Of(generator).ModelId, StringComparison.Ordinal);
        Assert.Equal(102, embeddings.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_PreCancelledToken_ThrowsOperationCanceled()
    {
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["some text"], cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentTasks_GiveIdenticalVectors()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());
        string[] texts = [.. reference.TokenizerCases.Select(c => c.Key)];
        float[][] expected = [.. (await generator.GenerateAsync(texts, cancellationToken: Ct)).Select(e => e.Vector.ToArray())];

        float[][][] results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => EmbedRepeatedlyAsync(generator, texts, 5), Ct)));

        foreach (float[][] run in results)
        {
            for (int i = 0; i < run.Length; i++)
            {
                Assert.Equal(expected[i % texts.Length], run[i]);
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_NullText_ThrowsArgumentExceptionNamingTheIndex()
    {
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());

        ArgumentException ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["ok", null!], cancellationToken: Ct));

        Assert.Contains("values[1] is null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_ThrowsArgumentException()
    {
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["ok"], new EmbeddingGenerationOptions { Dimensions = 384 }, cancellationToken: Ct));
    }

    [Fact]
    public async Task GenerateAsync_AfterDispose_ThrowsObjectDisposed()
    {
        using var folder = new TinyBertModelFolder();
        BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());
        generator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["ok"], cancellationToken: Ct));
    }

    [Fact]
    public void GetService_Fingerprint_HasFolderNameDimensionsAndModelSha256()
    {
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(folder.FilePath("model.onnx"))));

        EmbedderFingerprint fingerprint = EmbedderFingerprint.Of(generator);

        Assert.Equal(new EmbedderFingerprint(Path.GetFileName(folder.Path) + "+mean512w32", 32, sha256), fingerprint);
        Assert.Same(fingerprint, generator.GetService(typeof(EmbedderFingerprint)));
        Assert.Null(generator.GetService(typeof(EmbedderFingerprint), "key"));
    }

    [Fact]
    public void GetService_Metadata_HasModelIdAndDimensions()
    {
        using var folder = new TinyBertModelFolder();
        BertOnnxEmbeddingGeneratorOptions options = Options();
        options.ModelId = "tiny-bert-random";
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, options);

        var metadata = (EmbeddingGeneratorMetadata?)generator.GetService(typeof(EmbeddingGeneratorMetadata));

        Assert.NotNull(metadata);
        Assert.Equal("tiny-bert-random+mean512w32", metadata.DefaultModelId);
        Assert.Equal(32, metadata.DefaultModelDimensions);
        Assert.Same(generator, generator.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>)));
    }

    [Theory]
    [InlineData(false, true, "has no model.onnx")]
    [InlineData(true, false, "has no vocab.txt")]
    [InlineData(false, false, "has no model.onnx and no vocab.txt")]
    public void Create_MissingFile_ThrowsNamingIt(bool withModel, bool withVocabulary, string expected)
    {
        using var folder = new TinyBertModelFolder(withModel, withVocabulary);

        RagPrefException ex = Assert.Throws<RagPrefException>(() => BertOnnxEmbeddingGenerator.Create(folder.Path, Options()));

        Assert.Contains($"'{folder.Path}' {expected}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingFolder_ThrowsNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-model-{Guid.NewGuid():N}");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => BertOnnxEmbeddingGenerator.Create(missing, Options()));

        Assert.Contains($"The model folder '{missing}' does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_HuggingFaceLayoutWithOnnxSubfolder_LoadsIt()
    {
        using var folder = new TinyBertModelFolder(withModel: false);
        Directory.CreateDirectory(folder.FilePath("onnx"));
        File.Copy(OnnxTestAssets.TinyBertModel(), Path.Combine(folder.Path, "onnx", "model.onnx"));

        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path, Options());

        Assert.Equal(32, EmbedderFingerprint.Of(generator).Dimensions);
    }

    [Fact]
    public void Create_OptionsNameAnInputTheModelLacks_ThrowsListingTheModelInputs()
    {
        using var folder = new TinyBertModelFolder();
        BertOnnxEmbeddingGeneratorOptions options = Options();
        options.AttentionMaskName = "input_mask";

        RagPrefException ex = Assert.Throws<RagPrefException>(() => BertOnnxEmbeddingGenerator.Create(folder.Path, options));

        Assert.Contains("- it has no input 'input_mask'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("The model's inputs: input_ids (int64 [-1, -1]), attention_mask (int64 [-1, -1]), token_type_ids", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BatchSizeZero_ThrowsArgumentOutOfRange()
    {
        using var folder = new TinyBertModelFolder();
        BertOnnxEmbeddingGeneratorOptions options = Options();
        options.BatchSize = 0;

        Assert.Throws<ArgumentOutOfRangeException>(() => BertOnnxEmbeddingGenerator.Create(folder.Path, options));
    }

    private static BertOnnxEmbeddingGeneratorOptions Options() => BertOnnxEncoderTests.Options();

    private static async Task<float[][]> EmbedRepeatedlyAsync(BertOnnxEmbeddingGenerator generator, string[] texts, int rounds)
    {
        var vectors = new List<float[]>();
        for (int round = 0; round < rounds; round++)
        {
            vectors.AddRange((await generator.GenerateAsync(texts, cancellationToken: Ct)).Select(e => e.Vector.ToArray()));
        }

        return [.. vectors];
    }

    private static float MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
