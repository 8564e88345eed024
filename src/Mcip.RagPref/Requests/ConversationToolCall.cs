using System.Text.Json;

namespace Mcip.RagPref.Requests;

/// <summary>A tool call the assistant made in an earlier turn (wire form <c>{"tool": NAME, "arguments": {...}}</c>).</summary>
/// <remarks>Immutable; the arguments are cloned, so they outlive the <see cref="JsonDocument"/> they came from.</remarks>
public sealed class ConversationToolCall
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoArguments = new Dictionary<string, JsonElement>(0, StringComparer.Ordinal);

    /// <summary>Creates a tool call record.</summary>
    /// <param name="tool">The tool's name.</param>
    /// <param name="arguments">The arguments, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException"><paramref name="tool"/> is null or empty.</exception>
    public ConversationToolCall(string tool, IReadOnlyDictionary<string, JsonElement>? arguments = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        Tool = tool;
        if (arguments is { Count: > 0 })
        {
            var copy = new Dictionary<string, JsonElement>(arguments.Count, StringComparer.Ordinal);
            foreach (KeyValuePair<string, JsonElement> pair in arguments)
            {
                copy[pair.Key] = pair.Value.Clone();
            }

            Arguments = copy;
        }
        else
        {
            Arguments = NoArguments;
        }
    }

    /// <summary>Gets the called tool's name.</summary>
    public string Tool { get; }

    /// <summary>Gets the call's arguments (cloned, keyed ordinally; empty when there were none).</summary>
    public IReadOnlyDictionary<string, JsonElement> Arguments { get; }
}
