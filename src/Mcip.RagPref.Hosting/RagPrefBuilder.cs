using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mcip.RagPref.Hosting;

/// <summary>The <see cref="IRagPrefBuilder"/> <c>AddRagPref</c> returns.</summary>
internal sealed class RagPrefBuilder(IServiceCollection services) : IRagPrefBuilder
{
    public IServiceCollection Services { get; } = services;

    public IRagPrefBuilder UseEmbedder(Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<RagPrefEmbedderFactory>();
        Services.AddSingleton(new RagPrefEmbedderFactory(factory));
        return this;
    }
}
