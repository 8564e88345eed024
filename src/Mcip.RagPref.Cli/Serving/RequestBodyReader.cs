using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// Reads a JSON request body into a contract type, turning every kind of bad input into a problem-details result:
/// malformed JSON and wrong JSON types are 400, a body above the limit is 413, a body sent too slowly (below the
/// server's minimum data rate after its grace period) is 408.
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>Reads the body; exactly one of the returned value and problem is non-null.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, long maxBodyBytes)
        where T : class
    {
        (JsonDocument? document, IResult? problem) = await ParseAsync(context, maxBodyBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, ServeProblems.BadRequest(
                    "Body is not a JSON object",
                    $"The request body is a JSON {document.RootElement.ValueKind}; send one JSON object such as {{\"surface\": \"user_prompt\", \"text\": \"...\"}}."));
            }

            try
            {
                T? value = document.RootElement.Deserialize(typeInfo);
                return value is null
                    ? (null, ServeProblems.BadRequest("Empty body", "The request body is JSON null; send one JSON object."))
                    : (value, null);
            }
            catch (JsonException ex)
            {
                string field = FieldName(ex.Path);
                return (null, ServeProblems.Field(field, $"Field '{field}' has the wrong JSON type: it must be {ExpectedType(field)}."));
            }
        }
    }

    /// <summary>Parses the body as JSON; exactly one of the returned document (which the caller disposes) and problem is non-null.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ParseAsync(HttpContext context, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ServeProblems.TooLarge(maxBodyBytes));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return (null, ServeProblems.BodyTooSlow());
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ServeProblems.BadRequest("Bad request body", $"The request body could not be read ({FirstSentence(ex.Message)}). Send the JSON body with a correct Content-Length or chunked encoding."));
        }
        catch (JsonException ex)
        {
            return (null, ServeProblems.BadRequest(
                "Malformed JSON",
                $"The request body is not valid JSON ({FirstSentence(ex.Message)}). Send JSON with Content-Type: application/json; the shapes are in /openapi/v1.json."));
        }

        return (document, null);
    }

    /// <summary>Turns a JSON path such as <c>$.messages[0].content</c> into <c>messages[0].content</c>.</summary>
    internal static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "(body)" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>What a field of the request contracts holds, for the message of a wrong JSON type.</summary>
    internal static string ExpectedType(string field)
    {
        int dot = field.LastIndexOf('.');
        string name = dot < 0 ? field : field[(dot + 1)..];
        int bracket = name.IndexOf('[', StringComparison.Ordinal);
        bool element = bracket >= 0;
        name = element ? name[..bracket] : name;
        return name switch
        {
            "arguments" => "a JSON object keyed by parameter name",
            "input_schema" => "the tool's JSON schema object",
            "request" => "an object shaped like the body of /v1/guard",
            "messages" when element => "an object {\"role\": \"user\", \"content\": \"...\"}",
            "messages" => "an array of {\"role\", \"content\"} objects",
            _ => "a string",
        };
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
