namespace Mcip.RagPref.AI;

/// <summary>What <see cref="RagPrefChatClient"/> does when the guard blocks a request.</summary>
public enum RagPrefBlockBehavior
{
    /// <summary>Return a refusal response without calling the model (the default).</summary>
    Refuse = 0,

    /// <summary>
    /// Call the model anyway, with the RAG-Pref context composed into the messages, and let it decide; the
    /// <see cref="Guard.GuardResult"/> still travels with the response.
    /// </summary>
    ComposeAndContinue = 1,
}
