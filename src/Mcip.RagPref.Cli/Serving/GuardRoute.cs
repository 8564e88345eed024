using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mcip.RagPref.Guard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// What the guard routes (<c>POST /v1/guard</c>, <c>POST /v1/compose</c>) share: the JSON body read into its contract under
/// the body limit (<see cref="RequestBodyReader"/>: 400, 408 or 413 when it cannot be), the <see cref="IRagPrefGuard"/> from
/// the services, the response written from its contract, and the OpenAPI metadata of both contracts and those problems, so
/// the document describes exactly the types that are read and written.
/// </summary>
internal static class GuardRoute
{
    /// <summary>
    /// Maps <c>POST <paramref name="route"/></c>: reads the body as <typeparamref name="TRequest"/> and hands it to
    /// <paramref name="handle"/>, or answers with the problem of a body that cannot be read; a response is written as
    /// <typeparamref name="TResponse"/> (200, <c>application/json</c>).
    /// </summary>
    /// <typeparam name="TRequest">The request contract.</typeparam>
    /// <typeparam name="TResponse">The response contract.</typeparam>
    /// <param name="endpoints">The routes.</param>
    /// <param name="route">The route.</param>
    /// <param name="settings">The server settings (the body limit).</param>
    /// <param name="requestType">The request contract's JSON metadata.</param>
    /// <param name="responseType">The response contract's JSON metadata.</param>
    /// <param name="handle">Answers a request (its body, the guard, the request's cancellation) with exactly one of a response and a problem.</param>
    /// <returns>The route, for its name and description.</returns>
    public static RouteHandlerBuilder MapPost<TRequest, TResponse>(
        IEndpointRouteBuilder endpoints,
        string route,
        GuardServerSettings settings,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        Func<TRequest, IRagPrefGuard, CancellationToken, Task<(TResponse? Response, IResult? Problem)>> handle)
        where TRequest : class
        where TResponse : class =>
        endpoints.MapPost(route, async (HttpContext context, [FromServices] IRagPrefGuard guard) =>
            {
                (TRequest? body, IResult? problem) = await RequestBodyReader.ReadAsync(context, requestType, settings.MaxBodyBytes).ConfigureAwait(false);
                if (problem is not null)
                {
                    return problem;
                }

                (TResponse? response, problem) = await handle(body!, guard, context.RequestAborted).ConfigureAwait(false);
                return problem ?? new Utf8JsonResult(writer => JsonSerializer.Serialize(writer, response!, responseType));
            })
            .Accepts<TRequest>("application/json")
            .Produces<TResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
