using Microsoft.Extensions.Hosting;

namespace Mcip.RagPref.Postgres;

/// <summary>Runs the replica's follow loop for the lifetime of the host.</summary>
internal sealed class PostgresReplicaService(RagPrefPostgresReplica replica) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => replica.RunAsync(stoppingToken);
}
