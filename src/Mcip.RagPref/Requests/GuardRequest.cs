using System.Text.Json;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Requests;

/// <summary>
/// One thing to screen: a user prompt, a tool call, a tool output or a tool description, together with
/// the text it embeds (<see cref="RenderedText"/>). Create instances with the factory methods.
/// </summary>
/// <remarks>
/// Instances are immutable and safe to share between threads. JSON values passed in are cloned, so they
/// stay valid after the <see cref="JsonDocument"/> they came from is disposed. <see cref="RenderedText"/>
/// is the text before canonicalisation; the guard canonicalises it (and windows long texts) before embedding.
/// </remarks>
public sealed class GuardRequest
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoArguments =
        new Dictionary<string, JsonElement>(0, StringComparer.Ordinal);

    private GuardRequest(GuardSurface surface, string renderedText)
    {
        Surface = surface;
        RenderedText = renderedText;
    }

    /// <summary>Gets the surface this request screens.</summary>
    public GuardSurface Surface { get; }

    /// <summary>
    /// Gets the text this request embeds, before canonicalisation: the prompt or output text as given, a tool
    /// call's canonical rendering (tool name, then sorted, flattened arguments) or a tool description's rendering
    /// (name, description, input-schema properties).
    /// </summary>
    public string RenderedText { get; }

    /// <summary>Gets the prompt or tool-output text, or the tool description; <see langword="null"/> for tool calls.</summary>
    public string? Text { get; private init; }

    /// <summary>Gets the MCP server name of a tool call, when known; otherwise <see langword="null"/>.</summary>
    public string? Server { get; private init; }

    /// <summary>
    /// Gets the tool name: the called tool (<see cref="GuardSurface.ToolCall"/>), the tool that produced an output
    /// when known (<see cref="GuardSurface.ToolOutput"/>) or the described tool (<see cref="GuardSurface.ToolDescription"/>);
    /// <see langword="null"/> for user prompts.
    /// </summary>
    public string? ToolName { get; private init; }

    /// <summary>Gets the arguments of a tool call (cloned, keyed ordinally); empty for the other surfaces.</summary>
    public IReadOnlyDictionary<string, JsonElement> Arguments { get; private init; } = NoArguments;

    /// <summary>Gets the input schema of a tool description (cloned), when one was given.</summary>
    public JsonElement? InputSchema { get; private init; }

    /// <summary>
    /// Gets the conversation before this request, oldest first (empty when none was given). The guard uses it to find where a
    /// tool call's values came from (see <c>GuardOptions.Flows</c>); it is never embedded. Set it with <see cref="WithContext(IEnumerable{ConversationTurn})"/> or, from its JSON wire form, <see cref="WithContext(JsonElement)"/>.
    /// </summary>
    public IReadOnlyList<ConversationTurn> Context { get; private init; } = [];

    /// <summary>
    /// Returns a copy of this request that carries the conversation before it, read from its JSON wire form: an array of
    /// turns, oldest first, each <c>{"role": "user"|"system"|"assistant"|"tool", "content": TEXT, "tool": NAME,
    /// "tool_calls": [{"tool": NAME, "arguments": {...}}]}</c> (<c>tool</c> on tool results, <c>tool_calls</c> on assistant
    /// turns; a <c>content</c> that is not a string is kept as its JSON text). The HTTP API and <c>ragpref eval</c> take this
    /// form in a field named <c>context</c>.
    /// </summary>
    /// <param name="context">A JSON array of turns; a JSON <c>null</c> or an undefined element reads as no turns.</param>
    /// <returns>The new request; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The element is not an array of turns; the message names the turn, the field and the fix.</exception>
    public GuardRequest WithContext(JsonElement context) => WithContext(ConversationJson.Parse(context));

    /// <summary>Returns a copy of this request that carries <paramref name="context"/>, the conversation before it (oldest first).</summary>
    /// <param name="context">The turns; the guard examines at most the newest <c>FlowOptions.MaxContextTurns</c> of them.</param>
    /// <returns>The new request; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> or one of its turns is <see langword="null"/>.</exception>
    public GuardRequest WithContext(IEnumerable<ConversationTurn> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ConversationTurn[] turns = [.. context];
        foreach (ConversationTurn turn in turns)
        {
            ArgumentNullException.ThrowIfNull(turn, nameof(context));
        }

        return new GuardRequest(Surface, RenderedText)
        {
            Text = Text,
            Server = Server,
            ToolName = ToolName,
            Arguments = Arguments,
            InputSchema = InputSchema,
            Context = turns,
        };
    }

    /// <summary>Creates a request screening text a user sent.</summary>
    /// <param name="text">The prompt text (may be empty).</param>
    /// <returns>The request; its <see cref="RenderedText"/> is <paramref name="text"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static GuardRequest UserPrompt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new GuardRequest(GuardSurface.UserPrompt, text) { Text = text };
    }

    /// <summary>Creates a request screening a tool call whose arguments are a JSON object.</summary>
    /// <param name="server">The MCP server name, or <see langword="null"/> when unknown (not part of the rendered text).</param>
    /// <param name="tool">The tool name.</param>
    /// <param name="arguments">A JSON object, or a JSON <c>null</c> / default element for a call without arguments.
    /// When a key occurs twice, the last occurrence wins.</param>
    /// <returns>The request; its <see cref="RenderedText"/> is the canonical rendering described on <see cref="RenderedText"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tool"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tool"/> is empty, or <paramref name="arguments"/> is neither an object nor null.</exception>
    public static GuardRequest ToolCall(string? server, string tool, JsonElement arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        Dictionary<string, JsonElement> copy = new(StringComparer.Ordinal);
        switch (arguments.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in arguments.EnumerateObject())
                {
                    copy[JsonStrings.GetName(property)] = property.Value.Clone();
                }

                break;
            default:
                throw new ArgumentException(
                    $"Tool-call arguments must be a JSON object (or null), but a JSON {arguments.ValueKind} was given. Wrap the value in an object keyed by the parameter name.",
                    nameof(arguments));
        }

        return CreateToolCall(server, tool, copy);
    }

    /// <summary>Creates a request screening a tool call whose arguments are given as a dictionary (the MCP SDK's shape).</summary>
    /// <param name="server">The MCP server name, or <see langword="null"/> when unknown (not part of the rendered text).</param>
    /// <param name="tool">The tool name.</param>
    /// <param name="arguments">The arguments, or <see langword="null"/> for a call without arguments.</param>
    /// <returns>The request; its <see cref="RenderedText"/> is the canonical rendering described on <see cref="RenderedText"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tool"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tool"/> is empty.</exception>
    public static GuardRequest ToolCall(string? server, string tool, IReadOnlyDictionary<string, JsonElement>? arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        Dictionary<string, JsonElement> copy = new(arguments?.Count ?? 0, StringComparer.Ordinal);
        if (arguments is not null)
        {
            foreach (KeyValuePair<string, JsonElement> pair in arguments)
            {
                copy[pair.Key] = pair.Value.Clone();
            }
        }

        return CreateToolCall(server, tool, copy);
    }

    /// <summary>Creates a request screening text a tool returned.</summary>
    /// <param name="text">The output text (may be long; the guard windows it).</param>
    /// <param name="tool">The tool that produced it, when known (not part of the rendered text).</param>
    /// <returns>The request; its <see cref="RenderedText"/> is <paramref name="text"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static GuardRequest ToolOutput(string text, string? tool = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new GuardRequest(GuardSurface.ToolOutput, text) { Text = text, ToolName = tool };
    }

    /// <summary>Creates a request screening a tool a server advertises.</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="description">The tool description (may be empty).</param>
    /// <param name="inputSchema">The JSON schema of the tool's input, when available; the names, titles and descriptions
    /// of its properties (nested ones as <c>a.b</c>, array items as <c>a[]</c>) are rendered, sorted ordinally.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="description"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static GuardRequest ToolDescription(string name, string description, JsonElement? inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        JsonElement? schema = inputSchema is { ValueKind: not JsonValueKind.Undefined } s ? s.Clone() : null;
        string rendered = ToolDescriptionRenderer.Render(name, description, schema);
        return new GuardRequest(GuardSurface.ToolDescription, rendered)
        {
            Text = description,
            ToolName = name,
            InputSchema = schema,
        };
    }

    /// <summary>Describes the request without its content (request text is not written to logs by default).</summary>
    /// <returns>The surface, the tool name when there is one, and the rendered length.</returns>
    public override string ToString() =>
        ToolName is null
            ? $"{Surface} ({RenderedText.Length} chars)"
            : $"{Surface} '{ToolName}' ({RenderedText.Length} chars)";

    private static GuardRequest CreateToolCall(string? server, string tool, Dictionary<string, JsonElement> arguments)
    {
        string rendered = ToolCallRenderer.Render(tool, arguments);
        return new GuardRequest(GuardSurface.ToolCall, rendered)
        {
            Server = server,
            ToolName = tool,
            Arguments = arguments,
        };
    }
}
