using System.ComponentModel;
using System.Text.Json;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>
/// One example of the body of <c>POST /v1/examples</c>: the fields of an example row of a JSON Lines example file
/// (<c>ragpref store build</c>), read by the same rules. Documents the wire shape in the OpenAPI document; the endpoint reads
/// the body with <see cref="ExampleBodyReader"/>, which names the bad field and the example's index.
/// </summary>
internal sealed record ExampleBody(
    [property: Description("The example text (required, not blank).")] string Text,
    [property: Description("attack or benign (required; any case).")] string Label,
    [property: Description("The id (a string or a number); default: 'x' and 16 hex digits of the SHA-256 of the text, so the same text always gets the same id. An id already in the store is skipped.")] JsonElement? Id = null,
    [property: Description("user_prompt, tool_call, tool_output or tool_description: how the text is cut into intent units and which surface's thresholds it calibrates.")] string? Surface = null,
    [property: Description("The category, for reports.")] string? Category = null,
    [property: Description("Where the example came from (default 'api').")] string? Source = null,
    [property: Description("Free-form tags: a list of strings or one ';'-separated string.")] IReadOnlyList<string>? Tags = null,
    [property: Description("With surface tool_call: the tool name; with 'arguments' the stored text is the tool call rendered as the guard renders requests.")] string? Tool = null,
    [property: Description("With surface tool_call and 'tool': the tool-call arguments (a JSON object).")] JsonElement? Arguments = null);
