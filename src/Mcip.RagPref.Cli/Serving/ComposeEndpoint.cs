using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.Serving.Contracts;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// <c>POST /v1/compose</c>: screens the last user message (or the given request) of a conversation and returns the
/// conversation with the RAG-Pref context added, together with the guard result.
/// </summary>
internal static class ComposeEndpoint
{
    public const string Route = "/v1/compose";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints, GuardServerSettings settings) =>
        GuardRoute.MapPost<ComposeRequestBody, ComposeResponseBody>(endpoints, Route, settings, ServeJsonContext.Default.ComposeRequestBody, ServeJsonContext.Default.ComposeResponseBody, HandleAsync)
            .WithName("Compose")
            .WithSummary("Add the RAG-Pref context to a conversation")
            .WithDescription(
                "Screens the last user message (surface user_prompt, the default), the last tool message (surface tool_output) or the given "
                + "'request', and returns the messages with the contrastive RAG-Pref context added (by default a system message first) and the guard result.");

    private static async Task<(ComposeResponseBody?, IResult?)> HandleAsync(ComposeRequestBody body, IRagPrefGuard guard, CancellationToken cancellationToken)
    {
        (List<ChatMessage>? messages, IResult? problem) = ReadMessages(body.Messages);
        if (problem is not null)
        {
            return (null, problem);
        }

        (GuardRequest? request, problem) = body.Request is not null ? GuardRequestBinder.Bind(body.Request, "request.") : RequestFromMessages(messages!, body.Surface);
        if (problem is not null)
        {
            return (null, problem);
        }

        GuardResult result = await guard.GuardAsync(request!, cancellationToken).ConfigureAwait(false);
        return (ToBody(guard.ComposeMessages(messages!, result), result), null);
    }

    private static (List<ChatMessage>?, IResult?) ReadMessages(IReadOnlyList<ChatMessageBody>? bodies)
    {
        if (bodies is null || bodies.Count == 0)
        {
            return (null, ServeProblems.Field("messages", "Field 'messages' is missing or empty: send the conversation as [{\"role\": \"user\", \"content\": \"...\"}], oldest first."));
        }

        var messages = new List<ChatMessage>(bodies.Count);
        for (int i = 0; i < bodies.Count; i++)
        {
            ChatMessageBody? body = bodies[i];
            if (body is null)
            {
                return (null, ServeProblems.Field($"messages[{i}]", $"Field 'messages[{i}]' is null; each message is an object {{\"role\": ..., \"content\": ...}}."));
            }

            ChatRole? role = body.Role?.Trim().ToLowerInvariant() switch
            {
                "system" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                _ => null,
            };
            if (role is null)
            {
                return (null, ServeProblems.Field($"messages[{i}].role", $"Field 'messages[{i}].role' is '{body.Role}'; use system, user, assistant or tool."));
            }

            if (body.Content is null)
            {
                return (null, ServeProblems.Field($"messages[{i}].content", $"Field 'messages[{i}].content' is missing: give the message text as a string."));
            }

            messages.Add(new ChatMessage(role.Value, body.Content));
        }

        return (messages, null);
    }

    private static (GuardRequest?, IResult?) RequestFromMessages(List<ChatMessage> messages, string? surfaceName)
    {
        if (!GuardResultJson.TryParseSurface(surfaceName, out GuardSurface surface))
        {
            return (null, ServeProblems.BadRequest("Unknown surface", $"Field 'surface' is '{surfaceName}', which is not a surface; use one of: {ServeProblems.SurfaceList} (default user_prompt)."));
        }

        if (surface is GuardSurface.ToolCall or GuardSurface.ToolDescription)
        {
            return (null, ServeProblems.Field(
                "request",
                $"Surface {GuardNames.Surface(surface)} cannot be read from a message: give the tool call or description in 'request' (same shape as the body of /v1/guard)."));
        }

        ChatRole role = surface == GuardSurface.ToolOutput ? ChatRole.Tool : ChatRole.User;
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == role)
            {
                string text = messages[i].Text;
                return (surface == GuardSurface.ToolOutput ? GuardRequest.ToolOutput(text) : GuardRequest.UserPrompt(text), null);
            }
        }

        return (null, ServeProblems.Field(
            "messages",
            $"Field 'messages' holds no {role.Value} message to screen for surface {GuardNames.Surface(surface)}: add one, or give the request to screen in 'request'."));
    }

    private static ComposeResponseBody ToBody(IList<ChatMessage> messages, GuardResult result)
    {
        var bodies = new ChatMessageBody[messages.Count];
        for (int i = 0; i < bodies.Length; i++)
        {
            bodies[i] = new ChatMessageBody(messages[i].Role.Value, messages[i].Text);
        }

        return new ComposeResponseBody(bodies, GuardResultBody.From(result, includeContext: true, PublicText.WithoutPaths));
    }
}
