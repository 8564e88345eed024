using Mcip.RagPref.Requests;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Guard;

/// <summary>
/// Screens requests and composes RAG-Pref context: the contract the integrations (chat-client middleware, MCP filters,
/// the HTTP service, DI) depend on. <see cref="RagPrefGuard"/> implements it; the hosting package adds one with store
/// hot reload, a timeout and a fail-open/fail-closed policy.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IRagPrefGuard
{
    /// <summary>Screens one request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The verdict with its evidence. A blocked request is a result, not an exception; an implementation with a
    /// failure policy returns a result whose <see cref="GuardResult.Failure"/> says why the guard could not decide.
    /// </returns>
    Task<GuardResult> GuardAsync(GuardRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns a copy of <paramref name="conversation"/> with the RAG-Pref context of <paramref name="result"/> added;
    /// the input is not changed. A result without neighbours (a failure result) adds nothing.
    /// </summary>
    /// <param name="conversation">The messages about to be sent to the model.</param>
    /// <param name="result">The result of screening the request in that conversation.</param>
    /// <returns>The new message list.</returns>
    IList<ChatMessage> ComposeMessages(IEnumerable<ChatMessage> conversation, GuardResult result);
}
