using Mcip.RagPref.Guard;
using Microsoft.Extensions.DependencyInjection;

namespace McpFileServer;

/// <summary>
/// The one place this sample registers the guard WithRagPrefGuard uses. It creates the default guard (Universal Sentence
/// Encoder Lite over the seed corpus; run <c>./build.sh setup</c> once) and registers it as the <see cref="IRagPrefGuard"/>
/// singleton. With the Mcip.RagPref.Hosting package, <c>services.AddRagPref(...)</c> replaces this (and adds
/// validation, warm-up, health checks and a failure policy).
/// </summary>
internal static class SampleGuard
{
    /// <summary>Creates the default guard and registers it; the caller disposes the returned guard after the host stops.</summary>
    public static async Task<IDisposable> RegisterAsync(IServiceCollection services, CancellationToken cancellationToken)
    {
        RagPrefGuard guard = await RagPrefGuard.CreateDefaultAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        services.AddSingleton<IRagPrefGuard>(guard);
        return guard;
    }
}
