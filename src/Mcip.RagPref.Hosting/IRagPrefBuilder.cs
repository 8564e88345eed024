using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Mcip.RagPref.Hosting;

/// <summary>Configures the guard registered by <c>services.AddRagPref(...)</c>.</summary>
public interface IRagPrefBuilder
{
    /// <summary>Gets the service collection the guard is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// Uses the embedder <paramref name="factory"/> creates instead of the default one (all-MiniLM-L6-v2
    /// with hashed n-grams); <see cref="RagPrefOptions.Embedder"/> is then ignored. The factory is called once; the
    /// guard canonicalises requests itself (the embedder is wrapped in a
    /// <see cref="Mcip.RagPref.Embeddings.CanonicalizingEmbeddingGenerator"/> unless it is one), and the store must have been
    /// built with this embedder (checked at start-up). The embedder is disposed with the service provider.
    /// </summary>
    /// <param name="factory">Creates the embedder from the service provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    IRagPrefBuilder UseEmbedder(Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> factory);
}
