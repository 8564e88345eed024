using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>The RFC 7807 problem-details responses of the guard service for bad input.</summary>
internal static class ServeProblems
{
    /// <summary>The surfaces a request may name, as the problem details list them.</summary>
    public const string SurfaceList = "user_prompt, tool_call, tool_output, tool_description";

    /// <summary>A 400 whose detail names the field and the fix.</summary>
    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title);

    /// <summary>A 413 for a body above the service's limit.</summary>
    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(
            $"The request body is larger than the service's limit of {limit:N0} bytes. Send a shorter text, or start the service with a larger --max-body-bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large");

    /// <summary>A 408 for a body that arrives more slowly than the server's minimum data rate (after its grace period).</summary>
    public static ProblemHttpResult BodyTooSlow() =>
        TypedResults.Problem(
            "The request body arrived more slowly than the service accepts (by default at least 240 bytes a second after the first 5 seconds). Send the whole body without pauses.",
            statusCode: StatusCodes.Status408RequestTimeout,
            title: "Request body timeout");

    /// <summary>Adds a detail saying what to do to the problem details of the status codes the framework answers (404, 405, 415).</summary>
    public static void AddDetail(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => Routes,
            StatusCodes.Status405MethodNotAllowed => "This route does not accept that method. " + Routes,
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
            _ => null,
        };
    }

    private const string Routes = "The service answers POST /v1/guard, POST /v1/compose, POST /v1/examples, GET /healthz and GET /openapi/v1.json.";

    /// <summary>A 400 for a field whose value is missing or of the wrong type.</summary>
    public static ProblemHttpResult Field(string field, string detail) => BadRequest($"Invalid field '{field}'", detail);
}
