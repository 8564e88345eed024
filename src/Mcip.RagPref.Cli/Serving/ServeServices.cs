using Mcip.RagPref.Guard;
using Microsoft.Extensions.DependencyInjection;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// The one place the guard service's guard is registered: endpoints resolve it only as <see cref="IRagPrefGuard"/>,
/// and the health check named <see cref="HealthCheckName"/> reports it. A DI hosting package can replace this
/// registration with its own (guard, failure policy, health check) without touching the endpoints.
/// </summary>
internal static class ServeServices
{
    /// <summary>The name of the guard's health-check entry in <c>/healthz</c>.</summary>
    public const string HealthCheckName = "ragpref";

    /// <summary>Registers <paramref name="guard"/> (owned by the caller, which disposes it after the server stops) and its health check.</summary>
    public static IServiceCollection AddGuard(IServiceCollection services, IRagPrefGuard guard)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(guard);
        services.AddSingleton(guard);
        services.AddHealthChecks().AddCheck<GuardHealthCheck>(HealthCheckName);
        return services;
    }
}
