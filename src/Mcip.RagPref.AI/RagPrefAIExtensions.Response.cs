using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

// Reads the GuardResult that RagPrefChatClient attaches to responses.
public static partial class RagPrefAIExtensions
{
    /// <summary>Returns the guard result attached under <see cref="RagPrefChatClient.GuardResultKey"/>, or <see langword="null"/> when the request was not screened.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static GuardResult? GetGuardResult(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Find(response.AdditionalProperties);
    }

    /// <summary>
    /// Returns the guard result attached under <see cref="RagPrefChatClient.GuardResultKey"/> (the first update of a
    /// screened stream carries it), or <see langword="null"/>.
    /// </summary>
    /// <param name="update">The update.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is <see langword="null"/>.</exception>
    public static GuardResult? GetGuardResult(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Find(update.AdditionalProperties);
    }

    private static GuardResult? Find(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(RagPrefChatClient.GuardResultKey, out object? value)
            ? value as GuardResult
            : null;
}
