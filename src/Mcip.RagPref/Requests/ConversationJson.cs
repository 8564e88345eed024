using System.Text.Json;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Requests;

/// <summary>
/// Reads the wire form of a conversation: a JSON array of turns, oldest first, each
/// <c>{"role": "user"|"system"|"assistant"|"tool", "content": TEXT, "tool": NAME, "tool_calls": [{"tool": NAME, "arguments": {...}}]}</c>
/// (<c>tool</c> on tool results, <c>tool_calls</c> on assistant turns; <c>content</c> may be a string or any JSON value,
/// which is kept as its JSON text). Users reach it through <see cref="GuardRequest.WithContext(JsonElement)"/>.
/// </summary>
internal static class ConversationJson
{
    /// <summary>Reads a conversation from its wire form.</summary>
    /// <param name="context">A JSON array of turns; a JSON <c>null</c> or an undefined element reads as no turns.</param>
    /// <returns>The turns, oldest first.</returns>
    /// <exception cref="ArgumentException">The element is not an array of turns; the message names the turn, the field and the fix.</exception>
    public static IReadOnlyList<ConversationTurn> Parse(JsonElement context)
    {
        if (context.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return [];
        }

        if (context.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException(
                $"'context' is a JSON {context.ValueKind}; it must be an array of turns, oldest first, such as [{{\"role\": \"user\", \"content\": \"...\"}}].",
                nameof(context));
        }

        var turns = new List<ConversationTurn>(context.GetArrayLength());
        int index = 0;
        foreach (JsonElement turn in context.EnumerateArray())
        {
            turns.Add(ParseTurn(turn, index++));
        }

        return turns;
    }

    private static ConversationTurn ParseTurn(JsonElement turn, int index)
    {
        if (turn.ValueKind != JsonValueKind.Object)
        {
            throw Problem(index, $"is a JSON {turn.ValueKind}; each turn must be an object with 'role' and 'content'.");
        }

        // Strings are read leniently: an escaped lone surrogate becomes U+FFFD instead of failing the whole request.
        string? role = JsonStrings.TryGetProperty(turn, "role", out JsonElement r) && r.ValueKind == JsonValueKind.String ? JsonStrings.GetString(r) : null;
        string content = JsonStrings.TryGetProperty(turn, "content", out JsonElement c)
            ? c.ValueKind switch
            {
                JsonValueKind.String => JsonStrings.GetString(c),
                JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
                _ => JsonStrings.ReplaceLoneSurrogates(c.GetRawText()),
            }
            : string.Empty;
        string? tool = JsonStrings.TryGetProperty(turn, "tool", out JsonElement t) && t.ValueKind == JsonValueKind.String ? JsonStrings.GetString(t) : null;
        switch (role)
        {
            case "user":
                return ConversationTurn.User(content);
            case "system" or "developer":
                return ConversationTurn.System(content);
            case "tool":
                return ConversationTurn.ToolResult(tool, content);
            case "assistant":
                return ConversationTurn.Assistant(content, ParseCalls(turn, index));
            default:
                throw Problem(index, role is null
                    ? "has no 'role'; give one of user, system, assistant, tool."
                    : $"has role '{role}', which is not a role; use one of user, system, assistant, tool.");
        }
    }

    private static List<ConversationToolCall> ParseCalls(JsonElement turn, int index)
    {
        if (!JsonStrings.TryGetProperty(turn, "tool_calls", out JsonElement calls) || calls.ValueKind is JsonValueKind.Null)
        {
            return [];
        }

        if (calls.ValueKind != JsonValueKind.Array)
        {
            throw Problem(index, $"has 'tool_calls' as a JSON {calls.ValueKind}; it must be an array of {{\"tool\": NAME, \"arguments\": {{...}}}}.");
        }

        var list = new List<ConversationToolCall>(calls.GetArrayLength());
        foreach (JsonElement call in calls.EnumerateArray())
        {
            string? name = call.ValueKind == JsonValueKind.Object && JsonStrings.TryGetProperty(call, "tool", out JsonElement n) && n.ValueKind == JsonValueKind.String
                ? JsonStrings.GetString(n)
                : null;
            if (string.IsNullOrEmpty(name))
            {
                throw Problem(index, "has a tool call without 'tool'; each call needs the tool's name in 'tool' (and its arguments as an object in 'arguments').");
            }

            Dictionary<string, JsonElement>? arguments = null;
            if (JsonStrings.TryGetProperty(call, "arguments", out JsonElement a) && a.ValueKind == JsonValueKind.Object)
            {
                arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (JsonProperty property in a.EnumerateObject())
                {
                    arguments[JsonStrings.GetName(property)] = property.Value;
                }
            }
            else if (a.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                throw Problem(index, $"has a call to '{name}' whose 'arguments' is a JSON {a.ValueKind}; it must be an object keyed by parameter name.");
            }

            list.Add(new ConversationToolCall(name, arguments));
        }

        return list;
    }

    private static ArgumentException Problem(int index, string what) => new($"Turn {index} of 'context' {what}");
}
