using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mcip.RagPref.Postgres;

/// <summary>Healthy while the replica follows the database; Degraded while it serves its last state without it.</summary>
internal sealed class PostgresReplicaHealthCheck(RagPrefPostgresReplica replica) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["database"] = replica.Name,
            ["sequence"] = replica.Sequence,
        };
        if (replica.LastSyncAt is { } at)
        {
            data["lastSyncAt"] = at.ToString("O", CultureInfo.InvariantCulture);
        }

        if (replica.IsConnected)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"Following {replica.Name} at change {replica.Sequence}.", data));
        }

        string reason = replica.LastError ?? "not connected yet";
        return Task.FromResult(HealthCheckResult.Degraded(
            $"PostgreSQL {replica.Name} is unreachable ({reason}); serving the last state at change {replica.Sequence}, and writes fail until it returns.",
            data: data));
    }
}
