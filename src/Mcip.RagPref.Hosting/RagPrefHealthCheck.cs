using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Reports the hosted guard's state: Healthy when the embedder and a store are loaded (their fingerprints agree: the
/// guard refuses a store built with another embedder) and the last load succeeded; Degraded when the last reload
/// failed and the previous store still serves; the registration's failure status (Unhealthy by default) when no store
/// is loaded. The data holds the store path, generation, version, example counts and fingerprint.
/// </summary>
internal sealed class RagPrefHealthCheck(IRagPrefGuardHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        RagPrefGuardStatus status = host.Status;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["store_path"] = status.StorePath ?? string.Empty,
            ["generation"] = status.Generation,
            ["store_version"] = status.StoreVersion,
            ["attack_examples"] = status.AttackExamples,
            ["benign_examples"] = status.BenignExamples,
            ["fingerprint"] = status.Fingerprint?.ToString() ?? string.Empty,
            ["loaded_at"] = status.LoadedAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
        };
        if (status.LastError is not null)
        {
            data["last_error"] = status.LastError;
        }

        HealthCheckResult result;
        if (!status.IsLoaded)
        {
            result = new HealthCheckResult(
                context.Registration.FailureStatus,
                status.LastError is null
                    ? "No RAG-Pref store is loaded yet: the warm-up has not run."
                    : $"No RAG-Pref store is loaded: {status.LastError}",
                data: data);
        }
        else if (status.LastError is not null)
        {
            result = HealthCheckResult.Degraded(
                $"The last reload of the RAG-Pref store failed; generation {status.Generation} (loaded {status.LoadedAt:O}) keeps serving. {status.LastError}",
                data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy(
                $"RAG-Pref store generation {status.Generation} serving: {status.AttackExamples} attack and {status.BenignExamples} benign examples.",
                data);
        }

        return Task.FromResult(result);
    }
}
