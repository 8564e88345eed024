using Mcip.RagPref.Embeddings;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>Returns another generator's vectors but reports a fingerprint of the test's choosing (for mismatch tests).</summary>
internal sealed class RelabelledGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, EmbedderFingerprint fingerprint)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbedderFingerprint) ? fingerprint : base.GetService(serviceType, serviceKey);
}
