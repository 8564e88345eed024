using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Agents;

/// <summary>Reads the <see cref="GuardResult"/> that the agent-run middleware attaches to responses.</summary>
public static class RagPrefAgentResponseExtensions
{
    /// <summary>
    /// The key of the deciding <see cref="GuardResult"/> in <see cref="AgentResponse.AdditionalProperties"/> and, when
    /// streaming, in the first <see cref="AgentResponseUpdate.AdditionalProperties"/>; the chat-client middleware's key.
    /// </summary>
    public const string GuardResultKey = RagPrefChatClient.GuardResultKey;

    /// <summary>Returns the guard result attached under <see cref="GuardResultKey"/>, or <see langword="null"/> when the run was not screened.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static GuardResult? GetGuardResult(this AgentResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Find(response.AdditionalProperties);
    }

    /// <summary>
    /// Returns the guard result attached under <see cref="GuardResultKey"/> (the first update of a screened stream
    /// carries it), or <see langword="null"/>.
    /// </summary>
    /// <param name="update">The update.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is <see langword="null"/>.</exception>
    public static GuardResult? GetGuardResult(this AgentResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Find(update.AdditionalProperties);
    }

    private static GuardResult? Find(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(GuardResultKey, out object? value)
            ? value as GuardResult
            : null;
}
