using Mcip.RagPref.Embeddings;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Embeddings;

/// <summary>
/// A hand-written embedder for composition tests: returns a caller-defined vector per text, records every batch it
/// receives, exposes a fingerprint, and counts disposals.
/// </summary>
internal sealed class FakeEmbeddingGenerator(EmbedderFingerprint fingerprint, Func<string, float[]> embed) : IEmbeddingGenerator<string, Embedding<float>>
{
    public List<string[]> Batches { get; } = [];

    public int DisposeCount { get; private set; }

    /// <summary>Gets or sets how many vectors to drop from every answer (to simulate a faulty part).</summary>
    public int DropVectors { get; set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string[] batch = values.ToArray();
        Batches.Add(batch);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string text in batch.Skip(DropVectors))
        {
            result.Add(new Embedding<float>(embed(text)));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbedderFingerprint) ? fingerprint : null;

    public void Dispose() => DisposeCount++;
}
