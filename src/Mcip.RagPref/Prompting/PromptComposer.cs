using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Prompting;

/// <summary>
/// Renders the guidance block from retrieved examples and places it in a conversation, without changing the
/// conversation's own messages.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class PromptComposer
{
    /// <summary>Renders the guidance block as it appears in a new system message (preamble included).</summary>
    /// <param name="attackExamples">The nearest attack examples, in listing order.</param>
    /// <param name="benignExamples">The nearest benign examples, in listing order.</param>
    /// <param name="options">Template and formatting; <see langword="null"/> for the defaults.</param>
    /// <returns>The system-message text.</returns>
    /// <exception cref="ArgumentNullException">A list is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A list contains <see langword="null"/>, or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A custom <see cref="IPromptTemplate"/> returned <see langword="null"/>.</exception>
    public static string Render(IReadOnlyList<PromptExample> attackExamples, IReadOnlyList<PromptExample> benignExamples, PromptOptions? options = null)
    {
        options ??= PromptOptions.Default;
        return RenderCore(options.Preamble ?? PromptTemplates.DefaultPreamble, attackExamples, benignExamples, options);
    }

    /// <summary>
    /// Returns a new message list: the conversation with the guidance block placed as <see cref="PromptOptions.Placement"/>
    /// says. The input list and its messages are never modified; when the guidance is appended to an existing system
    /// message, that message is replaced in the new list by a shallow clone with one more <see cref="TextContent"/>.
    /// </summary>
    /// <param name="conversation">The conversation as the host would send it.</param>
    /// <param name="attackExamples">The nearest attack examples, in listing order.</param>
    /// <param name="benignExamples">The nearest benign examples, in listing order.</param>
    /// <param name="options">Template, placement and formatting; <see langword="null"/> for the defaults.</param>
    /// <returns>The new list.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The conversation or a list contains <see langword="null"/>, or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A custom <see cref="IPromptTemplate"/> returned <see langword="null"/>.</exception>
    public static IList<ChatMessage> Compose(
        IEnumerable<ChatMessage> conversation,
        IReadOnlyList<PromptExample> attackExamples,
        IReadOnlyList<PromptExample> benignExamples,
        PromptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        options ??= PromptOptions.Default;
        List<ChatMessage> messages = [.. conversation];
        int systemIndex = -1;
        for (int i = 0; i < messages.Count; i++)
        {
            if (messages[i] is null)
            {
                throw new ArgumentException($"Message {i} of the conversation is null.", nameof(conversation));
            }

            if (systemIndex < 0 && messages[i].Role == ChatRole.System)
            {
                systemIndex = i;
            }
        }

        if (options.Placement == PromptPlacement.AppendToFirstSystemMessage && systemIndex >= 0)
        {
            string guidance = RenderCore(options.Preamble ?? string.Empty, attackExamples, benignExamples, options);
            ChatMessage original = messages[systemIndex];
            ChatMessage extended = original.Clone();
            extended.Contents = [.. original.Contents, new TextContent("\n\n" + guidance)];
            messages[systemIndex] = extended;
            return messages;
        }

        string text = RenderCore(options.Preamble ?? PromptTemplates.DefaultPreamble, attackExamples, benignExamples, options);
        messages.Insert(0, new ChatMessage(ChatRole.System, text));
        return messages;
    }

    private static string RenderCore(string preamble, IReadOnlyList<PromptExample> attackExamples, IReadOnlyList<PromptExample> benignExamples, PromptOptions options)
    {
        PromptContext context = new(preamble, attackExamples, benignExamples, options);
        return options.Template.Render(context)
            ?? throw new InvalidOperationException($"The prompt template '{options.Template.Name}' ({options.Template.GetType().FullName}) returned null; a template must return text.");
    }
}
