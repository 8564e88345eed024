using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Tests.Embeddings.UseLite;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings;

/// <summary>
/// Class fixture: an embedder created from a temporary copy of the cached TensorFlow.js files (so
/// <see cref="UniversalSentenceEncoderLite.Create"/> converts the model itself). Created on first use, so a
/// test without the cache is skipped rather than failed.
/// </summary>
public sealed class UseLiteEmbedderFixture : IDisposable
{
    private readonly Lock gate = new();
    private UseLiteModelCopy? copy;
    private UniversalSentenceEncoderLite? embedder;

    /// <summary>The embedder (batches of 16).</summary>
    public UniversalSentenceEncoderLite Embedder
    {
        get
        {
            lock (gate)
            {
                if (embedder is null)
                {
                    copy = UseLiteModelCopy.Create();
                    embedder = UniversalSentenceEncoderLite.Create(new UniversalSentenceEncoderLiteOptions
                    {
                        ModelDirectory = copy.Directory,
                        OnnxRuntime = OnnxTestAssets.Options(),
                    });
                }

                return embedder;
            }
        }
    }

    /// <summary>The folder the embedder loaded from.</summary>
    public string Directory => Path.GetDirectoryName(Embedder.ModelPath)!;

    public void Dispose()
    {
        embedder?.Dispose();
        copy?.Dispose();
    }
}
