using Mcip.RagPref.Guard;
using Mcip.RagPref.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the RAG-Pref guard in a service collection.</summary>
public static class RagPrefServiceCollectionExtensions
{
    /// <summary>The name of the health check <c>AddRagPref</c> registers.</summary>
    public const string HealthCheckName = "ragpref";

    /// <summary>The tag of that health check (filter on it, for example for a readiness endpoint).</summary>
    public const string HealthCheckTag = "ragpref";

    /// <summary>
    /// Registers the RAG-Pref guard: <see cref="IRagPrefGuard"/> (a singleton with a timeout, a fail-open/fail-closed
    /// policy per surface and store hot reload), <see cref="IRagPrefGuardHost"/> (its status and explicit reload),
    /// <see cref="RagPrefOptions"/> validated at start-up (one message listing every problem), a hosted service that
    /// loads the embedder and store when the host starts, and a health check named <see cref="HealthCheckName"/> tagged
    /// <see cref="HealthCheckTag"/>. Every service is added with <c>TryAdd</c>, so a host can replace any of them;
    /// calling this again only adds <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; <see langword="null"/> for the defaults (the default embedder and seed-corpus store).</param>
    /// <returns>A builder to supply another embedder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IRagPrefBuilder AddRagPref(this IServiceCollection services, Action<RagPrefOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new RagPrefBuilder(services);
    }

    /// <summary>
    /// Registers the RAG-Pref guard as <see cref="AddRagPref(IServiceCollection, Action{RagPrefOptions}?)"/> does, with its
    /// options bound from <paramref name="section"/> (for example <c>builder.Configuration.GetSection("RagPref")</c>;
    /// keys are the property names of <see cref="RagPrefOptions"/>, such as <c>StorePath</c>, <c>Timeout</c>,
    /// <c>FailureModes:UserPrompt</c>, <c>Guard:Policies:ToolCall:BlockThreshold</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section holding the options.</param>
    /// <returns>A builder to supply another embedder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="section"/> is <see langword="null"/>.</exception>
    public static IRagPrefBuilder AddRagPref(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        AddCore(services);
        services.AddOptions<RagPrefOptions>().Bind(section);
        return new RagPrefBuilder(services);
    }

    private static void AddCore(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(RagPrefMarker)))
        {
            return;
        }

        services.AddSingleton<RagPrefMarker>();
        services.AddOptions<RagPrefOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RagPrefOptions>, RagPrefOptionsValidator>());
        services.TryAddSingleton<RagPrefEmbedderSource>();
        services.TryAddSingleton<HostedRagPrefGuard>();
        services.TryAddSingleton<IRagPrefGuard>(static sp => sp.GetRequiredService<HostedRagPrefGuard>());
        services.TryAddSingleton<IRagPrefGuardHost>(static sp => sp.GetRequiredService<HostedRagPrefGuard>());
        services.AddHostedService<RagPrefWarmupService>();
        services.AddHealthChecks().AddCheck<RagPrefHealthCheck>(HealthCheckName, tags: [HealthCheckTag]);
    }

    /// <summary>Marks a collection where the RAG-Pref services are registered, so a second call adds them once.</summary>
    private sealed class RagPrefMarker;
}
