using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Embeddings;

public sealed class UniversalSentenceEncoderLiteTests(UseLiteEmbedderFixture fixture) : IClassFixture<UseLiteEmbedderFixture>
{
    private UniversalSentenceEncoderLite Embedder => fixture.Embedder;

    [Fact]
    public void Tokenize_EveryReferenceText_GivesTheReferenceIdsUpTo128()
    {
        IReadOnlyList<UseLiteReferenceRow> rows = UseLiteReferenceRow.Load();

        foreach (UseLiteReferenceRow row in rows)
        {
            int[] expected = row.Ids.Length > 128 ? row.Ids[..128] : row.Ids;
            Assert.True(expected.AsSpan().SequenceEqual(Embedder.Tokenize(row.Text)), $"line {row.Line}: ids differ");
        }
    }

    [Fact]
    public async Task GenerateAsync_EveryReferenceTextInOneCall_CosineAtLeast0_9999()
    {
        IReadOnlyList<UseLiteReferenceRow> rows = UseLiteReferenceRow.Load();

        GeneratedEmbeddings<Embedding<float>> embeddings = await Embedder.GenerateAsync(rows.Select(r => r.Text), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(rows.Count, embeddings.Count);
        var failures = new List<string>();
        for (int i = 0; i < rows.Count; i++)
        {
            double cosine = OnnxTestAssets.Cosine(embeddings[i].Vector.Span, rows[i].Vector);
            if (!(cosine >= 0.9999))
            {
                failures.Add($"line {rows[i].Line}: cosine {cosine}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(rows.Sum(r => (long)Math.Min(128, r.Ids.Length)), embeddings.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_Batched_EqualsOneTextPerCall()
    {
        string[] texts = [.. UseLiteReferenceRow.Load().Take(40).Select(r => r.Text)];

        GeneratedEmbeddings<Embedding<float>> batched = await Embedder.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        for (int i = 0; i < texts.Length; i++)
        {
            Embedding<float> single = (await Embedder.GenerateAsync([texts[i]], cancellationToken: TestContext.Current.CancellationToken))[0];
            ReadOnlySpan<float> a = single.Vector.Span;
            ReadOnlySpan<float> b = batched[i].Vector.Span;
            for (int d = 0; d < a.Length; d++)
            {
                Assert.True(Math.Abs(a[d] - b[d]) <= 1e-5, $"text {i}, dimension {d}: {a[d]} vs {b[d]}");
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_EmptyText_ReturnsTheNormalisedTanhBiasEverywhere()
    {
        TfjsWeights weights = TfjsWeights.Load(fixture.Directory, UseLiteAssets.ExpectedSha256);
        double[] expected = weights["module/Encoder_en/hidden_layers/tanh_layer_0/bias"].ToFloats().Select(b => Math.Tanh(b)).ToArray();
        double norm = Math.Sqrt(expected.Sum(x => x * x));

        GeneratedEmbeddings<Embedding<float>> alone = await Embedder.GenerateAsync([string.Empty], cancellationToken: TestContext.Current.CancellationToken);
        GeneratedEmbeddings<Embedding<float>> mixed = await Embedder.GenerateAsync(["A man is eating food.", string.Empty], cancellationToken: TestContext.Current.CancellationToken);

        for (int d = 0; d < 512; d++)
        {
            Assert.Equal(expected[d] / norm, alone[0].Vector.Span[d], 1e-6);
            Assert.Equal(alone[0].Vector.Span[d], mixed[1].Vector.Span[d], 1e-6);
        }
    }

    [Fact]
    public async Task GenerateAsync_AnyText_ReturnsUnitVectorsOf512WithModelId()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await Embedder.GenerateAsync(["short", new string('x', 5000), "   "], cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(embeddings, e =>
        {
            Assert.Equal(512, e.Vector.Length);
            Assert.Equal("use-lite-0.2.0", e.ModelId);
            Assert.Equal(1.0, Math.Sqrt(Dot(e.Vector.Span)), 1e-5);
        });
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCallers_GetTheSameVectorsAsOneCaller()
    {
        string[] texts = [.. UseLiteReferenceRow.Load().Take(24).Select(r => r.Text)];
        GeneratedEmbeddings<Embedding<float>> expected = await Embedder.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        GeneratedEmbeddings<Embedding<float>>[] results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Embedder.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

        foreach (GeneratedEmbeddings<Embedding<float>> result in results)
        {
            for (int i = 0; i < texts.Length; i++)
            {
                Assert.Equal(expected[i].Vector.ToArray(), result[i].Vector.ToArray());
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_NullText_ThrowsArgumentNull()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Embedder.GenerateAsync(["ok", null!], cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GenerateAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Embedder.GenerateAsync(["text"], cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_ThrowsArgument()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Embedder.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = 256 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void GetService_Fingerprint_IsUseLite512WithTheWeightsHash()
    {
        EmbedderFingerprint fingerprint = EmbedderFingerprint.Of(Embedder);

        Assert.Equal(new EmbedderFingerprint("use-lite-0.2.0", 512, UseLiteAssets.WeightsSha256), fingerprint);
    }

    [Fact]
    public void GetService_Metadata_NamesProviderModelAndDimensions()
    {
        var metadata = (EmbeddingGeneratorMetadata?)Embedder.GetService(typeof(EmbeddingGeneratorMetadata));

        Assert.NotNull(metadata);
        Assert.Equal("Mcip.RagPref", metadata.ProviderName);
        Assert.Equal("use-lite-0.2.0", metadata.DefaultModelId);
        Assert.Equal(512, metadata.DefaultModelDimensions);
        Assert.Same(Embedder, Embedder.GetService(typeof(UniversalSentenceEncoderLite)));
        Assert.Null(Embedder.GetService(typeof(EmbedderFingerprint), "key"));
    }

    [Fact]
    public void Fingerprint_WeightsSha256_IsTheHashOfTheConcatenatedShards()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        for (int shard = 1; shard <= 7; shard++)
        {
            hash.AppendData(File.ReadAllBytes(Path.Combine(fixture.Directory, $"group1-shard{shard}of7")));
        }

        Assert.Equal(UniversalSentenceEncoderLite.Fingerprint.WeightsSha256, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static double Dot(ReadOnlySpan<float> v)
    {
        double sum = 0;
        foreach (float x in v)
        {
            sum += (double)x * x;
        }

        return sum;
    }
}
