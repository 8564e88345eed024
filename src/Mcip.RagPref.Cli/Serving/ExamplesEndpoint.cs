using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Mcip.RagPref.Cli.Serving.Contracts;
using Mcip.RagPref.Postgres;
using Mcip.RagPref.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// <c>POST /v1/examples</c>: the admin route that adds labelled examples to the store shared through PostgreSQL
/// (<c>ragpref serve --postgres</c>), through <see cref="RagPrefPostgresReplica.AddExamplesAsync"/>, so that every replica
/// applies them. It changes what every replica blocks, so it is refused while the service has no API key.
/// </summary>
internal static class ExamplesEndpoint
{
    public const string Route = "/v1/examples";

    /// <summary>Seconds a client is told to wait (Retry-After) when the database is unreachable.</summary>
    private const int RetryAfterSeconds = 2;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints, GuardServerSettings settings) =>
        endpoints.MapPost(Route, (Func<HttpContext, Task<IResult>>)(context => HandleAsync(context, settings)))
            .Accepts<IReadOnlyList<ExampleBody>>("application/json")
            .Produces<ExamplesResponseBody>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("AddExamples")
            .WithSummary("Add labelled examples for every replica (admin)")
            .WithDescription(
                "Adds examples to the store shared through PostgreSQL (ragpref serve --postgres): they are embedded here, committed to the database "
                + "in one transaction, applied by this replica before the response and by every other replica within moments. The body is one example "
                + "object or an array of 1 to " + ExampleBodyReader.MaxExamples.ToString("N0", CultureInfo.InvariantCulture) + " (the fields of a JSON Lines "
                + "example file). Ids already stored and exact duplicates within the request are skipped and listed. Needs the service's API key; refused "
                + "(403) when the service has none, 409 when it does not share its store through PostgreSQL, 503 (nothing added) while the database is unreachable.");

    private static async Task<IResult> HandleAsync(HttpContext context, GuardServerSettings settings)
    {
        RagPrefPostgresReplica? replica = context.RequestServices.GetService<RagPrefPostgresReplica>();
        if (replica is null)
        {
            return TypedResults.Problem(
                $"POST {Route} adds examples to the store replicas share through PostgreSQL, and this service serves a store of its own. "
                + "Start it with --postgres CONNSTR (or RAGPREF_POSTGRES) to share one; to change a store file, use 'ragpref store add'.",
                statusCode: StatusCodes.Status409Conflict,
                title: "No shared store");
        }

        if (settings.ApiKey is null)
        {
            return TypedResults.Problem(
                $"POST {Route} changes the store every replica serves, so it is refused while the service runs without an API key. "
                + "Start the service with --api-key-file PATH (or set RAGPREF_API_KEY) and send the key as 'X-Api-Key: KEY' or 'Authorization: Bearer KEY'.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Admin route needs an API key");
        }

        (JsonDocument? document, IResult? problem) = await RequestBodyReader.ParseAsync(context, settings.MaxBodyBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        List<ExampleInput>? examples;
        using (document)
        {
            (examples, problem) = ExampleBodyReader.Read(document!.RootElement);
        }

        if (problem is not null)
        {
            return problem;
        }

        StoreAddResult result;
        try
        {
            result = await replica.AddExamplesAsync(examples!, context.RequestAborted).ConfigureAwait(false);
        }
        catch (RagPrefException ex) when (!IsDatabaseFailure(ex) && ex.Message.StartsWith("examples[", StringComparison.Ordinal))
        {
            // The examples conflict with each other (two texts with one id, an id that a chunk would take).
            return ServeProblems.BadRequest("Conflicting examples", PublicText.WithoutPaths(ex.Message) + " Nothing was added.");
        }
        catch (RagPrefException ex)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                IsDatabaseFailure(ex)
                    ? $"The shared database is unreachable, so no example was added: {PublicText.WithoutPaths(ex.Message)} "
                      + "The guard keeps serving its last state; send the request again once GET /healthz reports Healthy (sending it twice is safe: examples already stored are skipped)."
                    : $"The examples could not be added now: {PublicText.WithoutPaths(ex.Message)}",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: IsDatabaseFailure(ex) ? "Shared database unreachable" : "Cannot add examples now");
        }

        return TypedResults.Json(ToBody(result, examples!), ServeJsonContext.Default.ExamplesResponseBody);
    }

    /// <summary>Whether <paramref name="exception"/> comes from reaching or writing the database (as opposed to the examples themselves).</summary>
    internal static bool IsDatabaseFailure(Exception exception) =>
        exception.InnerException is NpgsqlException or SocketException or TimeoutException or IOException
        || (exception.InnerException is { } inner && IsDatabaseFailure(inner));

    private static ExamplesResponseBody ToBody(StoreAddResult result, List<ExampleInput> examples)
    {
        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < examples.Count; i++)
        {
            if (examples[i].Id is { } id)
            {
                indexById.TryAdd(id, i);
            }
        }

        var skipped = new SkippedExampleBody[result.Skipped.Count];
        for (int i = 0; i < skipped.Length; i++)
        {
            SkippedInput skip = result.Skipped[i];
            int? index = IndexOf(skip.Origin) ?? (indexById.TryGetValue(skip.Id, out int known) ? known : null);
            skipped[i] = new SkippedExampleBody(skip.Id, index, skip.Reason);
        }

        return new ExamplesResponseBody(result.AddedExamples, result.AddedRows, skipped, result.Version);
    }

    /// <summary>The index in an origin <c>examples[N]</c>, or <see langword="null"/>.</summary>
    private static int? IndexOf(string? origin) =>
        origin is not null && origin.StartsWith("examples[", StringComparison.Ordinal) && origin.EndsWith(']')
        && int.TryParse(origin.AsSpan(9, origin.Length - 10), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            ? index
            : null;
}
