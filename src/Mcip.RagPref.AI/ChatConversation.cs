using System.Text.Json;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

/// <summary>
/// Turns a Microsoft.Extensions.AI conversation into the turns a <see cref="GuardRequest"/> carries
/// (<see cref="GuardRequest.WithContext(IEnumerable{ConversationTurn})"/>): user and system text, the assistant's text and function calls, and each
/// function result with the name of the function that produced it.
/// </summary>
public static class ChatConversation
{
    /// <summary>Converts <paramref name="messages"/>, oldest first, into conversation turns.</summary>
    /// <param name="messages">The messages; <see langword="null"/> entries are skipped.</param>
    /// <param name="jsonOptions">How function arguments and results are turned into JSON; default <see cref="AIJsonUtilities.DefaultOptions"/>.</param>
    /// <returns>The turns. A message with several function results gives one turn per result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<ConversationTurn> ToTurns(IEnumerable<ChatMessage> messages, JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        JsonSerializerOptions json = jsonOptions ?? AIJsonUtilities.DefaultOptions;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var turns = new List<ConversationTurn>();
        foreach (ChatMessage? message in messages)
        {
            if (message is null)
            {
                continue;
            }

            if (message.Role == ChatRole.User)
            {
                turns.Add(ConversationTurn.User(message.Text));
            }
            else if (message.Role == ChatRole.System)
            {
                turns.Add(ConversationTurn.System(message.Text));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                var calls = new List<ConversationToolCall>();
                foreach (AIContent content in message.Contents)
                {
                    if (content is FunctionCallContent call && !string.IsNullOrEmpty(call.Name))
                    {
                        names[call.CallId] = call.Name;
                        calls.Add(new ConversationToolCall(call.Name, call.Arguments is null ? null : ToolValueJson.ToArguments(call.Arguments, json)));
                    }
                }

                turns.Add(ConversationTurn.Assistant(message.Text, calls));
            }

            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionResultContent result)
                {
                    string? text = ToolValueJson.ToText(result.Result, json);
                    turns.Add(ConversationTurn.ToolResult(names.GetValueOrDefault(result.CallId), text ?? string.Empty));
                }
            }
        }

        return turns;
    }

    /// <summary>Converts function-call arguments to JSON values, the form a tool-call request carries.</summary>
    /// <param name="arguments">The arguments (for example an <see cref="AIFunctionArguments"/>).</param>
    /// <param name="jsonOptions">How values are serialised; default <see cref="AIJsonUtilities.DefaultOptions"/>.</param>
    /// <returns>The arguments as JSON, keyed ordinally; a value the options cannot serialise is written as its text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="arguments"/> is <see langword="null"/>.</exception>
    public static IReadOnlyDictionary<string, JsonElement> ToJsonArguments(IEnumerable<KeyValuePair<string, object?>> arguments, JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return ToolValueJson.ToArguments(arguments, jsonOptions ?? AIJsonUtilities.DefaultOptions);
    }

    /// <summary>
    /// The text a tool's result is screened as (on the tool-output surface): a string as is, a JSON string's value,
    /// other JSON as its raw text, a <see cref="TextContent"/>'s text, the texts of a list of contents one per line (other
    /// contents, such as images, have no text), anything else serialised to JSON (or its <see cref="object.ToString"/>
    /// when the options cannot serialise its type). Escaped lone surrogates become U+FFFD.
    /// </summary>
    /// <param name="result">What the tool returned.</param>
    /// <param name="jsonOptions">How a non-text result is serialised; default <see cref="AIJsonUtilities.DefaultOptions"/>.</param>
    /// <returns>The text, or <see langword="null"/> when <paramref name="result"/> is <see langword="null"/>, a JSON null or contents without text.</returns>
    public static string? ToToolResultText(object? result, JsonSerializerOptions? jsonOptions = null) =>
        ToolValueJson.ToText(result, jsonOptions ?? AIJsonUtilities.DefaultOptions);
}
