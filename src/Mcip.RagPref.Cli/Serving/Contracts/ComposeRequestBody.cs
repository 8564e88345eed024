using System.ComponentModel;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>The body of <c>POST /v1/compose</c>.</summary>
/// <param name="Messages">The conversation about to be sent to the model.</param>
/// <param name="Surface">Which message to screen when no request is given: user_prompt (the last user message, default) or tool_output (the last tool message).</param>
/// <param name="Request">The request to screen instead of a message of the conversation (same shape as the body of /v1/guard).</param>
internal sealed record ComposeRequestBody(
    [property: Description("The conversation about to be sent to the model, oldest first.")] IReadOnlyList<ChatMessageBody>? Messages,
    [property: Description("Without 'request': user_prompt (default) screens the last user message, tool_output the last tool message.")] string? Surface,
    [property: Description("The request to screen instead of a message of the conversation (same shape as the body of /v1/guard).")] GuardRequestBody? Request);
