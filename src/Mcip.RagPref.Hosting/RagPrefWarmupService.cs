using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Loads the embedder and the store when the host starts and screens one short prompt, so the first request is not
/// the slow one; a failure fails start-up with the reason. Stops watching the store file when the host stops.
/// </summary>
internal sealed class RagPrefWarmupService(HostedRagPrefGuard guard, ILogger<RagPrefWarmupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await guard.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WarmUpFailed(logger, ex);
            throw new RagPrefException($"The RAG-Pref guard could not start: {ex.Message}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        guard.StopWatching();
        return Task.CompletedTask;
    }
}
