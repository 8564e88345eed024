using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// The one place the guard service's guard is registered, for <c>serve</c>, <c>bench http</c> and the tests alike:
/// the hosting package's <c>AddRagPref</c> (options validated at start, warm-up, store hot reload, timeout, fail-closed
/// policy for tool calls and descriptions, and the health check named "ragpref"). Endpoints resolve
/// the guard only as <see cref="IRagPrefGuard"/>.
/// </summary>
internal static class ServeServices
{
    /// <summary>Registers the guard.</summary>
    /// <param name="services">The service collection of the web application.</param>
    /// <param name="storePath">The store file, or <see langword="null"/> for the seed-corpus store of the embedder.</param>
    /// <param name="options">The guard options.</param>
    /// <param name="timeout">How long one guard call may take.</param>
    /// <param name="openEmbedder">Opens the embedder (called once, at start; the host disposes it).</param>
    /// <param name="postgres">
    /// The PostgreSQL database the store is shared through (<c>UsePostgres</c>: the store comes from the database instead of
    /// <paramref name="storePath"/>, and the health check "ragpref-postgres" is added), or <see langword="null"/>.
    /// </param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGuard(
        IServiceCollection services,
        string? storePath,
        GuardOptions options,
        TimeSpan timeout,
        Func<CanonicalizingEmbeddingGenerator> openEmbedder,
        ServePostgres? postgres = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(openEmbedder);
        if (postgres is not null && storePath is not null)
        {
            throw new ArgumentException("A store file and a PostgreSQL database exclude each other: the store comes from one of them.", nameof(postgres));
        }

        IRagPrefBuilder builder = services
            .AddRagPref(o =>
            {
                o.StorePath = storePath is null ? null : Path.GetFullPath(storePath);
                o.Guard = options;
                o.Timeout = timeout;
            })
            .UseEmbedder(_ => openEmbedder());
        if (postgres is not null)
        {
            builder.UsePostgres(postgres.ConnectionString, o =>
            {
                o.Schema = postgres.Schema;
                o.SnapshotPath = postgres.SnapshotPath is null ? null : Path.GetFullPath(postgres.SnapshotPath);
            });
        }

        return services;
    }
}
