using Mcip.RagPref.Cli.Serving.Contracts;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mcip.RagPref.Cli.Serving;

/// <summary><c>POST /v1/guard</c>: screens one request and returns the guard result (the JSON of <c>ragpref check --json</c>).</summary>
internal static class GuardEndpoint
{
    public const string Route = "/v1/guard";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints, GuardServerSettings settings) =>
        GuardRoute.MapPost<GuardRequestBody, GuardResultBody>(endpoints, Route, settings, ServeJsonContext.Default.GuardRequestBody, ServeJsonContext.Default.GuardResultBody, HandleAsync)
            .WithName("Guard")
            .WithSummary("Screen one request")
            .WithDescription(
                "Screens a user prompt, tool call, tool output or tool description against the labelled example store and returns the verdict "
                + "(allow, flag, block), the scores, the nearest attack and benign examples and the composed RAG-Pref context. "
                + "tool_call needs 'tool' (and 'arguments'); tool_description needs 'tool' and the description as 'text'.");

    private static async Task<(GuardResultBody?, IResult?)> HandleAsync(GuardRequestBody body, IRagPrefGuard guard, CancellationToken cancellationToken)
    {
        (GuardRequest? request, IResult? problem) = GuardRequestBinder.Bind(body);
        if (problem is not null)
        {
            return (null, problem);
        }

        GuardResult result = await guard.GuardAsync(request!, cancellationToken).ConfigureAwait(false);
        return (GuardResultBody.From(result, includeContext: true, PublicText.WithoutPaths), null);
    }
}
