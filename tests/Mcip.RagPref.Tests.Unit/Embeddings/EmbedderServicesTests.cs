using Mcip.RagPref.Embeddings;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Embeddings;

/// <summary>The one answer every library embedder gives to <c>GetService</c>.</summary>
public sealed class EmbedderServicesTests
{
    private static readonly EmbedderFingerprint Fingerprint = new("m", 4, string.Empty);
    private static readonly EmbeddingGeneratorMetadata Metadata = new("Mcip.RagPref", null, "m", 4);

    [Fact]
    public void Get_UnkeyedRequests_AnswerFingerprintMetadataAndTheGeneratorsOwnTypes()
    {
        var generator = new object();

        Assert.Same(Fingerprint, EmbedderServices.Get(generator, Fingerprint, Metadata, typeof(EmbedderFingerprint), null));
        Assert.Same(Metadata, EmbedderServices.Get(generator, Fingerprint, Metadata, typeof(EmbeddingGeneratorMetadata), null));
        Assert.Same(generator, EmbedderServices.Get(generator, Fingerprint, Metadata, typeof(object), null));
        Assert.Null(EmbedderServices.Get(generator, Fingerprint, Metadata, typeof(string), null));
    }

    [Fact]
    public void Get_KeyedRequest_ReturnsNullEvenForTheFingerprint()
    {
        Assert.Null(EmbedderServices.Get(new object(), Fingerprint, Metadata, typeof(EmbedderFingerprint), "key"));
        Assert.Null(EmbedderServices.Get(new object(), Fingerprint, Metadata, typeof(object), "key"));
    }

    [Fact]
    public void Get_NullServiceType_ThrowsNamingIt()
    {
        ArgumentNullException ex = Assert.Throws<ArgumentNullException>(() => EmbedderServices.Get(new object(), Fingerprint, Metadata, null!, null));

        Assert.Equal("serviceType", ex.ParamName);
    }
}
