using Mcip.RagPref.Guard;
using Microsoft.Agents.AI;

namespace Mcip.RagPref.Agents;

/// <summary>
/// Adds the RAG-Pref guard to a Microsoft Agent Framework <see cref="AIAgentBuilder"/> pipeline, in the style of the
/// framework's built-ins (<c>UseLogging</c>, <c>UseOpenTelemetry</c>, function-invocation <c>Use</c>).
/// </summary>
public static class RagPrefAgentBuilderExtensions
{
    /// <summary>
    /// Adds agent-run middleware: each run's new user messages (and the tool results among its messages) are screened
    /// by the guard before the inner agent runs. A blocked run is answered with a refusal without calling the inner
    /// agent (configurable); otherwise the inner agent gets a copy of the messages with the RAG-Pref context composed in.
    /// The deciding result is on the response (<see cref="RagPrefAgentResponseExtensions.GetGuardResult(AgentResponse)"/>).
    /// The guard is <paramref name="guard"/>, or else the <see cref="IRagPrefGuard"/> registered in the service provider
    /// the pipeline is built with (for example by <c>AddRagPref</c> of the hosting package).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="guard">The guard, or <see langword="null"/> to resolve <see cref="IRagPrefGuard"/> from the services.</param>
    /// <param name="configure">Changes the defaults of <see cref="RagPrefAgentOptions"/> (called once, now), or <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>, or the configured
    /// <see cref="RagPrefAgentOptions.PromptSelector"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The configured refusal text is empty or the block behaviour is not defined.</exception>
    /// <exception cref="InvalidOperationException">At build time: no guard was given and none is registered (the message says how to register one).</exception>
    public static AIAgentBuilder UseRagPrefGuard(this AIAgentBuilder builder, IRagPrefGuard? guard = null, Action<RagPrefAgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RagPrefAgentOptions();
        configure?.Invoke(options);
        RagPrefAgent.Validate(options);
        return builder.Use((inner, services) => new RagPrefAgent(inner, Resolve(guard, services, nameof(UseRagPrefGuard)), options));
    }

    /// <summary>
    /// Adds function-invocation middleware: each tool call the agent's model asks for is screened, with the
    /// conversation before it, before the function runs, and the function's result before the model sees it. A blocked
    /// call does not run and a blocked result is withheld (the model gets a refusal naming the reason and the matched
    /// attack examples); a flagged result is marked as data. The guard is <paramref name="guard"/>, or else the
    /// <see cref="IRagPrefGuard"/> registered in the service provider the pipeline is built with.
    /// </summary>
    /// <remarks>
    /// Like the framework's function-invocation middleware, it needs a <c>FunctionInvokingChatClient</c> in the inner
    /// agent (a <see cref="ChatClientAgent"/> has one by default) and applies to the tools given through
    /// <c>ChatOptions.Tools</c> (the agent's tools and per-run tools), not to <c>FunctionInvokingChatClient.AdditionalTools</c>.
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="guard">The guard, or <see langword="null"/> to resolve <see cref="IRagPrefGuard"/> from the services.</param>
    /// <param name="configure">Changes the defaults of <see cref="RagPrefAgentFunctionOptions"/> (called once, now), or <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">At build time: no guard was given and none is registered.</exception>
    public static AIAgentBuilder UseRagPrefFunctionGuard(this AIAgentBuilder builder, IRagPrefGuard? guard = null, Action<RagPrefAgentFunctionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RagPrefAgentFunctionOptions();
        configure?.Invoke(options);
        return builder.Use((inner, services) =>
        {
            var middleware = new RagPrefFunctionMiddleware(Resolve(guard, services, nameof(UseRagPrefFunctionGuard)), options);
            return new AIAgentBuilder(inner).Use(middleware.InvokeAsync).Build(services);
        });
    }

    private static IRagPrefGuard Resolve(IRagPrefGuard? guard, IServiceProvider services, string method) =>
        guard
        ?? services.GetService(typeof(IRagPrefGuard)) as IRagPrefGuard
        ?? throw new InvalidOperationException(
            $"{method} found no IRagPrefGuard: register one (services.AddRagPref() from the hosting package, or services.AddSingleton<IRagPrefGuard>(guard)) "
            + $"and build the agent with those services (builder.Build(serviceProvider)), or pass the guard to {method}(guard).");
}
