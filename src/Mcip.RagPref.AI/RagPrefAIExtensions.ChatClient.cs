using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>
/// Puts the RAG-Pref guard into Microsoft.Extensions.AI: wraps any <see cref="IChatClient"/> in the middleware, adds it
/// to a <see cref="ChatClientBuilder"/>, wraps an <see cref="AIFunction"/> (a tool the model can call) in screening, and
/// reads the <see cref="GuardResult"/> that <see cref="RagPrefChatClient"/> attaches to responses.
/// </summary>
public static partial class RagPrefAIExtensions
{
    /// <summary>
    /// Returns a <see cref="RagPrefChatClient"/> around <paramref name="innerClient"/>: every request is screened by
    /// <paramref name="guard"/>, the RAG-Pref context is composed into the messages, and blocked requests are refused
    /// without calling the model (configurable).
    /// </summary>
    /// <param name="innerClient">The client that talks to the model.</param>
    /// <param name="guard">The guard.</param>
    /// <param name="configure">Changes the default <see cref="RagPrefChatClientOptions"/>; <see langword="null"/> keeps them.</param>
    /// <returns>The wrapping client (disposing it disposes <paramref name="innerClient"/>, not the guard).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> or <paramref name="guard"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The configured options are invalid.</exception>
    public static RagPrefChatClient WithRagPrefGuard(this IChatClient innerClient, IRagPrefGuard guard, Action<RagPrefChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(innerClient);
        ArgumentNullException.ThrowIfNull(guard);
        var options = new RagPrefChatClientOptions();
        configure?.Invoke(options);
        return new RagPrefChatClient(innerClient, guard, options);
    }

    /// <summary>
    /// Adds the RAG-Pref guard to a <see cref="ChatClientBuilder"/> pipeline, in the style of the Microsoft.Extensions.AI
    /// built-ins (<c>UseFunctionInvocation</c>, <c>UseLogging</c>): the guard is <paramref name="guard"/>, or else the
    /// <see cref="IRagPrefGuard"/> registered in the builder's service provider (for example by <c>AddRagPref</c> of the
    /// hosting package). Place it before <c>UseFunctionInvocation()</c> so that every round of the model, tool results
    /// included, is screened; wrap the tools with <see cref="WithRagPrefGuard(AIFunction, IRagPrefGuard, Action{RagPrefFunctionOptions})"/> to screen each call, with its
    /// conversation, before it runs.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="guard">The guard, or <see langword="null"/> to resolve <see cref="IRagPrefGuard"/> from the services.</param>
    /// <param name="configure">Changes the defaults of <see cref="RagPrefChatClientOptions"/>, or <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">At build time: no guard was given and none is registered (the message says how to register one).</exception>
    public static ChatClientBuilder UseRagPrefGuard(this ChatClientBuilder builder, IRagPrefGuard? guard = null, Action<RagPrefChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            IRagPrefGuard resolved = guard
                ?? services.GetService(typeof(IRagPrefGuard)) as IRagPrefGuard
                ?? throw new InvalidOperationException(
                    "UseRagPrefGuard found no IRagPrefGuard: register one (services.AddRagPref() from the hosting package, or services.AddSingleton<IRagPrefGuard>(guard)) "
                    + "and build the client with those services (builder.Build(serviceProvider)), or pass the guard to UseRagPrefGuard(guard).");
            return inner.WithRagPrefGuard(resolved, configure);
        });
    }
}
