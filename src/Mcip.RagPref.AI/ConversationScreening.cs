using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>What <see cref="ConversationScreener.ScreenAsync"/> decided.</summary>
/// <param name="Conversation">The caller's messages, enumerated once.</param>
/// <param name="Messages">What the model gets: <paramref name="Conversation"/> itself, or a copy with the RAG-Pref context composed in.</param>
/// <param name="Result">The deciding result, or <see langword="null"/> when nothing was screened.</param>
/// <param name="Refuse">Whether to answer with a refusal instead of calling the model.</param>
public readonly record struct ConversationScreening(
    IReadOnlyList<ChatMessage> Conversation,
    IEnumerable<ChatMessage> Messages,
    GuardResult? Result,
    bool Refuse);
