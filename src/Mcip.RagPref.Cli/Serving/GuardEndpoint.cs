using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.Serving.Contracts;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Mcip.RagPref.Cli.Serving;

/// <summary><c>POST /v1/guard</c>: screens one request and returns the guard result (the JSON of <c>ragpref check --json</c>).</summary>
internal static class GuardEndpoint
{
    public const string Route = "/v1/guard";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints, GuardServerSettings settings) =>
        endpoints.MapPost(Route, (HttpContext context, [FromServices] IRagPrefGuard guard) => HandleAsync(context, guard, settings.MaxBodyBytes))
            .Accepts<GuardRequestBody>("application/json")
            .Produces<GuardResultBody>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("Guard")
            .WithSummary("Screen one request")
            .WithDescription(
                "Screens a user prompt, tool call, tool output or tool description against the labelled example store and returns the verdict "
                + "(allow, flag, block), the scores, the nearest attack and benign examples and the composed RAG-Pref context. "
                + "tool_call needs 'tool' (and 'arguments'); tool_description needs 'tool' and the description as 'text'.");

    private static async Task<IResult> HandleAsync(HttpContext context, IRagPrefGuard guard, long maxBodyBytes)
    {
        (GuardRequestBody? body, IResult? problem) = await RequestBodyReader.ReadAsync(context, ServeJsonContext.Default.GuardRequestBody, maxBodyBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        (GuardRequest? request, problem) = GuardRequestBinder.Bind(body!);
        if (problem is not null)
        {
            return problem;
        }

        GuardResult result = await guard.GuardAsync(request!, context.RequestAborted).ConfigureAwait(false);
        return new Utf8JsonResult(writer => GuardResultJson.Write(writer, result, includeContext: true, PublicText.WithoutPaths));
    }
}
