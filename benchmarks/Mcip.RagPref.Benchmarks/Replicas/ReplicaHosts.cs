using Mcip.RagPref.Hosting;
using Mcip.RagPref.Postgres;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Mcip.RagPref.Benchmarks.Replicas;

/// <summary>
/// Guard hosts as an application builds them: <c>services.AddRagPref()</c> (the default embedder and store), optionally
/// with <c>.UsePostgres(connectionString)</c>. No logging providers, no configuration sources.
/// </summary>
internal static class ReplicaHosts
{
    /// <summary>
    /// Builds and starts a host (its warm-up loads the guard). With <paramref name="connectionString"/>, the store comes
    /// from PostgreSQL, and <paramref name="capture"/> (when given) receives the store the replica hands to the guard.
    /// </summary>
    public static async Task<IHost> StartAsync(string? connectionString, Action<ExampleStore>? capture = null, CancellationToken cancellationToken = default)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        IRagPrefBuilder ragPref = builder.Services.AddRagPref();
        if (connectionString is not null)
        {
            if (capture is not null)
            {
                // Registered before UsePostgres, whose TryAdd then keeps this one: the replica still opens the store.
                builder.Services.AddSingleton<IRagPrefStoreSource>(sp => new CapturingStoreSource(sp.GetRequiredService<RagPrefPostgresReplica>(), capture));
            }

            ragPref.UsePostgres(connectionString);
        }

        IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The test server's connection string with pooling on (the Npgsql default, and what a deployment uses; the tests turn
    /// it off so that nothing stale survives a server stop).
    /// </summary>
    public static string Pooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, ApplicationName = "ragpref-benchmarks" }.ConnectionString;

    /// <summary>Waits until the host's replica follows the database (or throws after <paramref name="timeout"/>).</summary>
    public static async Task WaitConnectedAsync(IHost host, TimeSpan timeout)
    {
        RagPrefPostgresReplica replica = host.Services.GetRequiredService<RagPrefPostgresReplica>();
        DateTime end = DateTime.UtcNow + timeout;
        while (!replica.IsConnected)
        {
            if (DateTime.UtcNow > end)
            {
                throw new InvalidOperationException($"The replica did not connect to {replica.Name} within {timeout}: {replica.LastError}");
            }

            await Task.Delay(10);
        }
    }

    private sealed class CapturingStoreSource(RagPrefPostgresReplica replica, Action<ExampleStore> capture) : IRagPrefStoreSource
    {
        public string Name => replica.Name;

        public async Task<ExampleStore> OpenAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
        {
            ExampleStore store = await replica.OpenAsync(embedder, cancellationToken);
            capture(store);
            return store;
        }
    }
}
