using System.ComponentModel;
using System.Text.Json;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>The body of <c>POST /v1/guard</c> (and the optional <c>request</c> of <c>POST /v1/compose</c>).</summary>
/// <param name="Surface">Which surface the request comes from; default <c>user_prompt</c>.</param>
/// <param name="Text">The prompt or tool-output text, or the tool description.</param>
/// <param name="Tool">The tool name (required for tool_call and tool_description).</param>
/// <param name="Server">The MCP server name of a tool call, when known.</param>
/// <param name="Arguments">The tool-call arguments (a JSON object).</param>
/// <param name="InputSchema">The JSON schema of a described tool's input.</param>
/// <param name="Context">The conversation before the request (wire form of <c>ConversationJson</c>), oldest first.</param>
internal sealed record GuardRequestBody(
    [property: Description("user_prompt (default), tool_call, tool_output or tool_description.")] string? Surface,
    [property: Description("The prompt or tool-output text, or the tool description (tool_description). Not used by tool_call.")] string? Text,
    [property: Description("The tool name: required for tool_call and tool_description, optional for tool_output.")] string? Tool,
    [property: Description("The MCP server name of a tool call, when known.")] string? Server,
    [property: Description("The tool-call arguments as a JSON object (tool_call only).")] JsonElement? Arguments,
    [property: Description("The JSON schema of the tool's input (tool_description only).")] JsonElement? InputSchema,
    [property: Description("The conversation before the request, oldest first: [{\"role\": \"user\"|\"system\"|\"assistant\"|\"tool\", \"content\": TEXT, \"tool\": NAME (tool results), \"tool_calls\": [{\"tool\": NAME, \"arguments\": {...}}] (assistant turns)}]. Used to find where a tool call's values came from.")] JsonElement? Context = null);
