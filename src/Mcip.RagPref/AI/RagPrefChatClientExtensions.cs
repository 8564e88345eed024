using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>Wraps any <see cref="IChatClient"/> in the RAG-Pref middleware.</summary>
public static class RagPrefChatClientExtensions
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
}
