using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Where the hosted guard gets its example store when it is not a file: register one in the service collection (the
/// PostgreSQL package's <c>UsePostgres</c> does) and the guard loads its store from it instead of
/// <see cref="RagPrefOptions.StorePath"/> or the default store, and does not watch a file.
/// </summary>
/// <remarks>
/// The source may keep changing the store it returned in place (<see cref="ExampleStore.AddEmbedded"/>,
/// <see cref="ExampleStore.Remove"/>, <see cref="ExampleStore.SetMetadata"/>): the guard reads every change on its next
/// request. The guard disposes the store when it loads another (<see cref="IRagPrefGuardHost.ReloadAsync"/>) or stops,
/// so a source must expect <see cref="ObjectDisposedException"/> from a store it handed out earlier.
/// </remarks>
public interface IRagPrefStoreSource
{
    /// <summary>Gets a short name of the source for status, health and logs (for example <c>postgres://db:5432/ragpref</c>); never a secret.</summary>
    string Name { get; }

    /// <summary>Opens the store for vectors from <paramref name="embedder"/>.</summary>
    /// <param name="embedder">The guard's embedder: the store must hold vectors from the same embedder.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The store; the guard owns it from then on.</returns>
    /// <exception cref="RagPrefException">The store cannot be opened; the message says why and what to do.</exception>
    Task<ExampleStore> OpenAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken);
}
