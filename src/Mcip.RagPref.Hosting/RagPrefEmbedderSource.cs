using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Creates the hosted guard's embedder once (the host's from <see cref="IRagPrefBuilder.UseEmbedder"/>, else the default
/// one) and owns it: the options validator (which needs its fingerprint and reports a missing model or native library)
/// and the guard share it, so it is loaded once. Thread-safe.
/// </summary>
internal sealed class RagPrefEmbedderSource : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly RagPrefEmbedderFactory? _factory;
    private readonly Lock _lock = new();
    private CanonicalizingEmbeddingGenerator? _embedder;
    private bool _disposed;

    public RagPrefEmbedderSource(IServiceProvider services, IEnumerable<RagPrefEmbedderFactory> factories)
    {
        _services = services;
        _factory = factories.LastOrDefault();
    }

    /// <summary>Returns the embedder, creating it from <paramref name="options"/> on the first call.</summary>
    /// <exception cref="RagPrefException">The default embedder's model or native library is missing.</exception>
    /// <exception cref="ObjectDisposedException">The source was disposed.</exception>
    public CanonicalizingEmbeddingGenerator Get(RagPrefOptions options)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _embedder ??= Create(options);
            return _embedder;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _embedder?.Dispose();
            _embedder = null;
        }
    }

    private CanonicalizingEmbeddingGenerator Create(RagPrefOptions options)
    {
        if (_factory is null)
        {
            return RagPrefGuard.CreateDefaultEmbedder(options.Guard, options.Embedder.ToEncoderOptions(), options.Embedder.ModelDirectory);
        }

        IEmbeddingGenerator<string, Embedding<float>> embedder = _factory.Create(_services)
            ?? throw new RagPrefException("The embedder factory given to UseEmbedder returned null; return an IEmbeddingGenerator<string, Embedding<float>>.");
        return embedder as CanonicalizingEmbeddingGenerator ?? new CanonicalizingEmbeddingGenerator(embedder, options.Guard.Canonicalization);
    }
}
