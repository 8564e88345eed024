using System.Globalization;
using System.Text.Json;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Text;
using Microsoft.AspNetCore.Http;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// Reads the body of <c>POST /v1/examples</c> (one example object or an array of them, with the fields of a JSON Lines
/// example row) into <see cref="ExampleInput"/>s. Each example is checked field by field first, so that a problem names the
/// field and the example's index; then it is read by the library's own JSON Lines reader, so a posted example means exactly
/// what the same row in an example file means.
/// </summary>
internal static class ExampleBodyReader
{
    /// <summary>The most examples one request may carry; more get 413.</summary>
    public const int MaxExamples = 1000;

    /// <summary>The source recorded for an example that names none.</summary>
    public const string DefaultSource = "api";

    private static readonly ExampleReadOptions ReadOptions = new() { Format = ExampleFileFormat.JsonLines, Source = DefaultSource };

    /// <summary>The origin of the example at <paramref name="index"/>, as it appears in messages and skipped entries.</summary>
    public static string Origin(int index) => string.Create(CultureInfo.InvariantCulture, $"examples[{index}]");

    /// <summary>Reads the examples; exactly one of the returned list and problem is non-null.</summary>
    public static (List<ExampleInput>? Examples, IResult? Problem) Read(JsonElement root)
    {
        JsonElement[] items;
        if (root.ValueKind == JsonValueKind.Object)
        {
            items = [root];
        }
        else if (root.ValueKind == JsonValueKind.Array)
        {
            int count = root.GetArrayLength();
            if (count == 0)
            {
                return (null, ServeProblems.BadRequest("No examples", "The request body is an empty array; send one example object or an array of 1 to 1,000 of them, for example [{\"text\": \"...\", \"label\": \"attack\"}]."));
            }

            if (count > MaxExamples)
            {
                return (null, TypedResults.Problem(
                    string.Create(CultureInfo.InvariantCulture, $"The request carries {count:N0} examples; one request may carry at most {MaxExamples:N0}. Split the batch into several requests (nothing was added)."),
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Too many examples"));
            }

            items = [.. root.EnumerateArray()];
        }
        else
        {
            return (null, ServeProblems.BadRequest(
                "Body is not an example",
                $"The request body is a JSON {root.ValueKind}; send one example object or an array of them, for example [{{\"text\": \"...\", \"label\": \"attack\"}}]."));
        }

        var examples = new List<ExampleInput>(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            (ExampleInput? example, IResult? problem) = ReadOne(items[i], i);
            if (problem is not null)
            {
                return (null, problem);
            }

            examples.Add(example!);
        }

        return (examples, null);
    }

    private static (ExampleInput?, IResult?) ReadOne(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return (null, Problem(index, "(example)", $"Example {index} is {JsonStrings.Describe(item.ValueKind)}; every example is an object such as {{\"text\": \"...\", \"label\": \"attack\"}}."));
        }

        if (!TryGetString(item, "text", out string? text, out JsonValueKind kind) || string.IsNullOrWhiteSpace(text))
        {
            return (null, Problem(index, "text", kind is JsonValueKind.Undefined or JsonValueKind.Null
                ? $"Example {index} has no 'text': every example needs a non-empty 'text' string."
                : $"Example {index}: 'text' is {(kind == JsonValueKind.String ? "blank" : JsonStrings.Describe(kind))}; give the example text as a non-empty string."));
        }

        if (!TryGetString(item, "label", out string? label, out kind))
        {
            return (null, Problem(index, "label", kind is JsonValueKind.Undefined or JsonValueKind.Null
                ? $"Example {index} has no 'label': add \"label\": \"attack\" or \"label\": \"benign\"."
                : $"Example {index}: 'label' is {JsonStrings.Describe(kind)}; use the string \"attack\" or \"benign\"."));
        }

        if (label!.Trim() is var trimmed && !trimmed.Equals("attack", StringComparison.OrdinalIgnoreCase) && !trimmed.Equals("benign", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(index, "label", $"Example {index}: 'label' is '{label}'; use \"attack\" or \"benign\"."));
        }

        if (item.TryGetProperty("id", out JsonElement id) && id.ValueKind is not (JsonValueKind.Null or JsonValueKind.Number)
            && (id.ValueKind != JsonValueKind.String || id.GetRawText() == "\"\""))
        {
            return (null, Problem(index, "id", id.ValueKind == JsonValueKind.String
                ? $"Example {index}: 'id' is empty; leave it out to derive an id from the text."
                : $"Example {index}: 'id' is {JsonStrings.Describe(id.ValueKind)}; give a string or a number, or leave it out to derive an id from the text."));
        }

        if (!TryGetString(item, "surface", out string? surface, out kind) && kind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return (null, Problem(index, "surface", $"Example {index}: 'surface' is {JsonStrings.Describe(kind)}; use one of: {ServeProblems.SurfaceList}."));
        }

        if (!string.IsNullOrWhiteSpace(surface) && !GuardNames.TryParseSurface(surface, out _))
        {
            return (null, Problem(index, "surface", $"Example {index}: 'surface' is '{surface}'; use one of: {ServeProblems.SurfaceList}, or leave it out."));
        }

        foreach (string field in (ReadOnlySpan<string>)["category", "source", "tool"])
        {
            if (!TryGetString(item, field, out _, out kind) && kind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                return (null, Problem(index, field, $"Example {index}: '{field}' is {JsonStrings.Describe(kind)}; a string is expected."));
            }
        }

        if (item.TryGetProperty("tags", out JsonElement tags) && tags.ValueKind is not (JsonValueKind.Null or JsonValueKind.String))
        {
            if (tags.ValueKind != JsonValueKind.Array)
            {
                return (null, Problem(index, "tags", $"Example {index}: 'tags' is {JsonStrings.Describe(tags.ValueKind)}; give a list of strings or one ';'-separated string."));
            }

            int n = 0;
            foreach (JsonElement tag in tags.EnumerateArray())
            {
                if (tag.ValueKind != JsonValueKind.String)
                {
                    return (null, Problem(index, $"tags[{n}]", $"Example {index}: 'tags[{n}]' is {JsonStrings.Describe(tag.ValueKind)}; every tag is a string."));
                }

                n++;
            }
        }

        return Parse(item, index);
    }

    /// <summary>Reads the checked example with the library's JSON Lines reader (the same rules as an example file).</summary>
    private static (ExampleInput?, IResult?) Parse(JsonElement item, int index)
    {
        // Raw line breaks can only be white space between tokens (inside a JSON string they are escaped), so the object
        // becomes one JSON Lines row by turning them into spaces.
        string line = item.GetRawText().Replace('\r', ' ').Replace('\n', ' ');
        string origin = Origin(index);
        try
        {
            using var reader = new StringReader(line);
            ExampleInput parsed = ExampleInput.Read(reader, origin, ReadOptions).Single();
            return (new ExampleInput(parsed.Text, parsed.Label)
            {
                Id = parsed.Id,
                Surface = parsed.Surface,
                Category = parsed.Category,
                Source = parsed.Source,
                Tags = parsed.Tags,
                Origin = origin,
            }, null);
        }
        catch (RagPrefException ex)
        {
            return (null, Problem(index, "(example)", ex.Message.Replace(origin + ":1", origin, StringComparison.Ordinal)));
        }
    }

    /// <summary>A 400 naming the field and the example's index (also as the problem's <c>field</c> and <c>index</c> members).</summary>
    public static IResult Problem(int index, string field, string detail) =>
        TypedResults.Problem(
            detail,
            statusCode: StatusCodes.Status400BadRequest,
            title: string.Create(CultureInfo.InvariantCulture, $"Invalid field '{field}' of example {index}"),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["index"] = index, ["field"] = field });

    /// <summary>Reads a string property; <paramref name="kind"/> is its JSON kind (<see cref="JsonValueKind.Undefined"/> when absent).</summary>
    private static bool TryGetString(JsonElement item, string name, out string? value, out JsonValueKind kind)
    {
        value = null;
        if (!JsonStrings.TryGetProperty(item, name, out JsonElement element))
        {
            kind = JsonValueKind.Undefined;
            return false;
        }

        kind = element.ValueKind;
        if (kind != JsonValueKind.String)
        {
            return false;
        }

        value = JsonStrings.GetString(element);   // an escaped lone surrogate reads as U+FFFD, as the library's readers do
        return true;
    }
}
