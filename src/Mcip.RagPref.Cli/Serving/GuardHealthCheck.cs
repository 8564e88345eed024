using System.Globalization;
using Mcip.RagPref.Guard;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// Reports whether the guard answers: screens one fixed short prompt and reports the store version and the time it
/// took. Unhealthy when the guard throws; degraded when it returned a failure-policy result instead of a decision.
/// </summary>
internal sealed class GuardHealthCheck(IRagPrefGuard guard) : IHealthCheck
{
    private static readonly GuardRequest Probe = GuardRequest.UserPrompt("list the files in my notes folder");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            GuardResult result = await guard.GuardAsync(Probe, cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object>
            {
                ["store_version"] = result.StoreVersion,
                ["guard_ms"] = Math.Round(result.Timings.Total.TotalMilliseconds, 3),
            };
            return result.Failure is { } failure
                ? HealthCheckResult.Degraded($"The guard could not decide ({failure.ErrorType}: {failure.Reason}).", data: data)
                : HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"The guard is loaded and answered in {result.Timings.Total.TotalMilliseconds:F1} ms."), data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The guard failed to screen a probe request: {ex.Message}", ex);
        }
    }
}
