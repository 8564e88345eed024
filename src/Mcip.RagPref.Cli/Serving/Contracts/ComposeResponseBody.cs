using System.ComponentModel;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>The response of <c>POST /v1/compose</c>: serialised by <see cref="ComposeEndpoint"/> and documented in the OpenAPI document from this one type.</summary>
/// <param name="Messages">The conversation with the RAG-Pref context added.</param>
/// <param name="Result">The result of screening the request.</param>
internal sealed record ComposeResponseBody(
    [property: Description("The conversation with the RAG-Pref context added (by default a system message first).")] IReadOnlyList<ChatMessageBody> Messages,
    [property: Description("The result of screening the request.")] GuardResultBody Result);
