using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Hosting;

/// <summary>The embedder factory registered by <see cref="IRagPrefBuilder.UseEmbedder"/>.</summary>
/// <param name="Create">Creates the embedder.</param>
internal sealed record RagPrefEmbedderFactory(Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> Create);
