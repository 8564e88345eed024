using Mcip.RagPref.Embeddings;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Embeddings;

public sealed class EmbedderFingerprintTests
{
    [Fact]
    public void Of_GeneratorWithMetadataOnly_UsesProviderModelAndDimensions()
    {
        using var generator = new MetadataOnlyGenerator(new EmbeddingGeneratorMetadata("acme", null, "text-embed-3", 1536));

        EmbedderFingerprint fingerprint = EmbedderFingerprint.Of(generator);

        Assert.Equal(new EmbedderFingerprint("acme/text-embed-3", 1536, string.Empty), fingerprint);
    }

    [Fact]
    public void Of_GeneratorWithoutDimensions_ThrowsExplainingTheFix()
    {
        using var generator = new MetadataOnlyGenerator(new EmbeddingGeneratorMetadata("acme", null, "text-embed-3", null));

        RagPrefException ex = Assert.Throws<RagPrefException>(() => EmbedderFingerprint.Of(generator));

        Assert.Contains("DefaultModelDimensions", ex.Message, StringComparison.Ordinal);
    }

    private sealed class MetadataOnlyGenerator(EmbeddingGeneratorMetadata metadata) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
            => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(_ => new Embedding<float>(new float[] { 1f }))));

        public object? GetService(Type serviceType, object? serviceKey = null)
            => serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata : null;

        public void Dispose()
        {
        }
    }
}
