using System.ComponentModel;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>One chat message in <c>POST /v1/compose</c> requests and responses.</summary>
/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Content">The message text.</param>
internal sealed record ChatMessageBody(
    [property: Description("system, user, assistant or tool.")] string? Role,
    [property: Description("The message text.")] string? Content);
