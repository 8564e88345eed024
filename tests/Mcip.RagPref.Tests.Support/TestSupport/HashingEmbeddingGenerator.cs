using System.Numerics.Tensors;
using Mcip.RagPref.Embeddings;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// A deterministic stand-in embedder for unit tests: hashed character trigrams (FNV-1a) counted into
/// <see cref="Dimensions"/> buckets and L2-normalised, so similar texts get similar vectors. Exposes
/// its <see cref="EmbedderFingerprint"/> like the project's own embedders, and counts its calls.
/// </summary>
internal sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _calls;

    public HashingEmbeddingGenerator(int dimensions = 24, string modelId = "test-hashing-trigrams", string weightsSha256 = "")
    {
        Dimensions = dimensions;
        Fingerprint = new EmbedderFingerprint(modelId, dimensions, weightsSha256);
    }

    public int Dimensions { get; }

    public EmbedderFingerprint Fingerprint { get; }

    /// <summary>Number of <see cref="GenerateAsync"/> calls so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The normalised vector of <paramref name="text"/>.</summary>
    public float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        string padded = $"  {text.ToLowerInvariant()}  ";
        for (int i = 0; i + 3 <= padded.Length; i++)
        {
            uint hash = 2166136261;
            for (int j = i; j < i + 3; j++)
            {
                hash = (hash ^ padded[j]) * 16777619;
            }

            vector[hash % (uint)Dimensions] += (hash & 0x80000000) != 0 ? 1f : -1f;
        }

        float norm = TensorPrimitives.Norm(vector);
        if (norm == 0f)
        {
            vector[0] = 1f;
            norm = 1f;
        }

        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            result.Add(new Embedding<float>(Embed(value)));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbedderFingerprint) ? Fingerprint : null;

    public void Dispose()
    {
    }
}
