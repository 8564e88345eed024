using System.Text.Json;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.Serving.Contracts;
using Mcip.RagPref.Requests;
using Microsoft.AspNetCore.Http;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>Turns a <see cref="GuardRequestBody"/> into a <see cref="GuardRequest"/>, or a 400 naming the field and the fix.</summary>
internal static class GuardRequestBinder
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Binds the body; exactly one of the returned request and problem is non-null.</summary>
    /// <param name="body">The body.</param>
    /// <param name="prefix">Prefix of the field names in messages (empty, or <c>request.</c> inside a compose body).</param>
    public static (GuardRequest? Request, IResult? Problem) Bind(GuardRequestBody body, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        (GuardRequest? request, IResult? problem) = BindRequest(body, prefix);
        if (request is null || body.Context is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } context)
        {
            return (request, problem);
        }

        try
        {
            return (request.WithContext(context), null);
        }
        catch (ArgumentException ex)
        {
            return (null, ServeProblems.Field(prefix + "context", ex.Message));
        }
    }

    private static (GuardRequest? Request, IResult? Problem) BindRequest(GuardRequestBody body, string prefix)
    {
        if (!GuardResultJson.TryParseSurface(body.Surface, out GuardSurface surface))
        {
            return (null, ServeProblems.BadRequest(
                "Unknown surface",
                $"Field '{prefix}surface' is '{body.Surface}', which is not a surface; use one of: {ServeProblems.SurfaceList} (default user_prompt)."));
        }

        switch (surface)
        {
            case GuardSurface.ToolCall:
                if (string.IsNullOrWhiteSpace(body.Tool))
                {
                    return Missing(prefix + "tool", "surface tool_call needs the called tool's name in 'tool' (and its arguments as a JSON object in 'arguments').");
                }

                if (body.Arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) } arguments)
                {
                    return (null, ServeProblems.Field(
                        prefix + "arguments",
                        $"Field '{prefix}arguments' is a JSON {arguments.ValueKind}; it must be a JSON object keyed by parameter name, such as {{\"path\": \"notes.txt\"}}."));
                }

                return (GuardRequest.ToolCall(body.Server, body.Tool, body.Arguments ?? EmptyObject), null);
            case GuardSurface.ToolDescription:
                if (string.IsNullOrWhiteSpace(body.Tool))
                {
                    return Missing(prefix + "tool", "surface tool_description needs the described tool's name in 'tool' and its description in 'text'.");
                }

                if (body.Text is null)
                {
                    return Missing(prefix + "text", "surface tool_description needs the tool's description in 'text'.");
                }

                if (body.InputSchema is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) } schema)
                {
                    return (null, ServeProblems.Field(
                        prefix + "input_schema",
                        $"Field '{prefix}input_schema' is a JSON {schema.ValueKind}; it must be the tool's JSON schema object (or left out)."));
                }

                JsonElement? inputSchema = body.InputSchema is { ValueKind: JsonValueKind.Object } s ? s : null;
                return (GuardRequest.ToolDescription(body.Tool, body.Text, inputSchema), null);
            case GuardSurface.ToolOutput:
                return body.Text is null
                    ? Missing(prefix + "text", "surface tool_output needs the text the tool returned in 'text' ('tool' may name the tool).")
                    : (GuardRequest.ToolOutput(body.Text, string.IsNullOrWhiteSpace(body.Tool) ? null : body.Tool), null);
            default:
                return body.Text is null
                    ? Missing(prefix + "text", "surface user_prompt needs the prompt in 'text'.")
                    : (GuardRequest.UserPrompt(body.Text), null);
        }
    }

    private static (GuardRequest?, IResult?) Missing(string field, string fix) =>
        (null, ServeProblems.Field(field, $"Field '{field}' is missing or empty: {fix}"));
}
