using System.Text.Json;
using Mcip.RagPref.Cli.Commands;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Guarding;

/// <summary>One labelled request of an evaluation or calibration file.</summary>
internal sealed record LabelledItem(string Id, bool IsAttack, string? Category, string? Split, GuardRequest Request)
{
    /// <summary>
    /// Reads a JSON Lines file whose objects have at least <c>text</c> and <c>label</c> (<c>attack</c>|<c>benign</c>),
    /// and optionally <c>id</c>, <c>category</c>, <c>split</c>, <c>surface</c>, <c>tool</c> and <c>arguments</c>.
    /// </summary>
    public static List<LabelledItem> ReadFile(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new RagPrefException($"The data file '{full}' does not exist; pass a JSON Lines file of labelled requests (fields text, label).");
        }

        var items = new List<LabelledItem>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(full))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                items.Add(Parse(doc.RootElement, lineNumber));
            }
            catch (JsonException ex)
            {
                throw new RagPrefException($"{full}:{lineNumber}: not valid JSON ({ex.Message}).", ex);
            }
            catch (ArgumentException ex)
            {
                throw new RagPrefException($"{full}:{lineNumber}: {ex.Message}", ex);
            }
            catch (RagPrefException ex)
            {
                throw new RagPrefException($"{full}:{lineNumber}: {ex.Message}", ex);
            }
        }

        if (items.Count == 0)
        {
            throw new RagPrefException($"The data file '{full}' holds no items.");
        }

        return items;
    }

    private static LabelledItem Parse(JsonElement row, int lineNumber)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new RagPrefException("each line must be a JSON object with 'text' and 'label'.");
        }

        string? label = String(row, "label");
        bool isAttack = label switch
        {
            "attack" or "malicious" or "injection" or "1" => true,
            "benign" or "safe" or "0" => false,
            _ => throw new RagPrefException($"'label' is '{label}'; use 'attack' or 'benign'."),
        };
        string text = String(row, "text") ?? string.Empty;
        string? tool = String(row, "tool");
        string? surfaceName = String(row, "surface");
        row.TryGetProperty("arguments", out JsonElement arguments);

        // MCP's own wire forms: a tools/list tool object (name, description, inputSchema) is a tool description, and
        // tools/call parameters (name, arguments) a tool call, without a separate 'tool' field.
        bool hasSchema = row.TryGetProperty("inputSchema", out JsonElement schema) || row.TryGetProperty("input_schema", out schema);
        tool ??= String(row, "name");
        surfaceName ??= tool is null ? null
            : hasSchema ? "tool_description"
            : arguments.ValueKind == JsonValueKind.Object ? "tool_call"
            : null;
        string? argumentsJson = arguments.ValueKind is JsonValueKind.Object ? arguments.GetRawText() : null;
        if (GuardResultJson.TryParseSurface(surfaceName, out GuardSurface parsed) && parsed == GuardSurface.ToolDescription)
        {
            text = text.Length == 0 ? String(row, "description") ?? string.Empty : text;
            argumentsJson = hasSchema && schema.ValueKind == JsonValueKind.Object ? schema.GetRawText() : argumentsJson;
        }

        GuardRequest request = CheckCommand.BuildRequest(surfaceName, tool, argumentsJson, text.Length == 0 ? null : text);
        if (row.TryGetProperty("context", out JsonElement context) && context.ValueKind != JsonValueKind.Null)
        {
            request = request.WithContext(context);
        }

        return new LabelledItem(String(row, "id") ?? $"line-{lineNumber}", isAttack, String(row, "category"), String(row, "split"), request);
    }

    private static string? String(JsonElement row, string name) =>
        row.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}
