using Mcip.RagPref.Hosting;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the guard's store, thresholds and MCP tool pins between replicas through PostgreSQL.</summary>
public static class RagPrefPostgresBuilderExtensions
{
    /// <summary>The name of the replica's health check (tagged like the guard's own).</summary>
    public const string HealthCheckName = "ragpref-postgres";

    /// <summary>
    /// Makes the database behind <paramref name="connectionString"/> the source of truth for this host's guard: the guard
    /// loads its store from it (seeding an empty database with the default store), follows every change through
    /// LISTEN/NOTIFY, and the MCP filters pin tools in it. Requests are still served from the in-process index. Adds the
    /// <see cref="RagPrefPostgresReplica"/> singleton (to add or remove examples for every replica), a hosted service that
    /// follows the database, and a health check that reports Degraded during an outage.
    /// </summary>
    /// <param name="builder">The builder from <c>AddRagPref</c>.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Further settings, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    /// <remarks>The store comes from the database, so <see cref="RagPrefOptions.StorePath"/> is not used.</remarks>
    public static IRagPrefBuilder UsePostgres(this IRagPrefBuilder builder, string connectionString, Action<RagPrefPostgresOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        IServiceCollection services = builder.Services;
        services.AddOptions<RagPrefPostgresOptions>().Configure(o =>
        {
            o.ConnectionString = connectionString;
            configure?.Invoke(o);
        });
        services.TryAddSingleton<RagPrefPostgresReplica>();
        services.TryAddSingleton<IRagPrefStoreSource>(static sp => sp.GetRequiredService<RagPrefPostgresReplica>());
        services.TryAddSingleton<IMcpToolPinStore>(static sp => new PostgresToolPinStore(sp.GetRequiredService<RagPrefPostgresReplica>()));
        services.AddHostedService<PostgresReplicaService>();
        services.AddHealthChecks().AddCheck<PostgresReplicaHealthCheck>(HealthCheckName, tags: [RagPrefServiceCollectionExtensions.HealthCheckTag]);
        return builder;
    }
}
