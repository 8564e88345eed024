using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mcip.RagPref.Text;

/// <summary>
/// Renders a tool call to one canonical text: the tool name on the first line, then one line
/// <c>path = value</c> per leaf value, keys sorted ordinally at every level, nested objects flattened as
/// <c>a.b</c>, array items as <c>a[0]</c>, strings unquoted, numbers and booleans in invariant form.
/// Equal calls therefore render equally whatever their key order or number spelling.
/// </summary>
internal static class ToolCallRenderer
{
    /// <summary>Depth beyond which a value is rendered as its raw JSON text rather than flattened further.</summary>
    internal const int MaxDepth = 64;

    public static string Render(string tool, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        StringBuilder builder = new(tool.Length + (arguments.Count * 32));
        builder.Append(tool);
        if (arguments.Count == 0)
        {
            return builder.ToString();
        }

        string[] keys = new string[arguments.Count];
        int count = 0;
        foreach (string key in arguments.Keys)
        {
            keys[count++] = key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        foreach (string key in keys)
        {
            AppendValue(builder, key, arguments[key], 1);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Formats a JSON number so that equal values in different spellings (<c>1e3</c>, <c>1000</c>, <c>1000.0</c>,
    /// <c>0.10</c> and <c>0.1</c>) render equally: integers that fit 64 bits as integers, other fractional or
    /// exponent spellings as the shortest round-trip double; integers too large for 64 bits keep their exact digits.
    /// </summary>
    internal static string FormatNumber(JsonElement number)
    {
        if (number.TryGetInt64(out long integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        string raw = number.GetRawText();
        bool integerSpelling = raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        if (!integerSpelling && number.TryGetDouble(out double real) && double.IsFinite(real))
        {
            return real == Math.Floor(real) && Math.Abs(real) < 9.0e15
                ? ((long)real).ToString(CultureInfo.InvariantCulture)
                : real.ToString("R", CultureInfo.InvariantCulture);
        }

        return raw;
    }

    private static void AppendValue(StringBuilder builder, string path, JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when depth < MaxDepth:
                AppendObject(builder, path, value, depth);
                break;
            case JsonValueKind.Array when depth < MaxDepth:
                AppendArray(builder, path, value, depth);
                break;
            default:
                AppendLeaf(builder, path, value);
                break;
        }
    }

    private static void AppendObject(StringBuilder builder, string path, JsonElement value, int depth)
    {
        // Collect distinct keys (last occurrence wins, as for the top level) and sort them ordinally.
        Dictionary<string, JsonElement> members = new(StringComparer.Ordinal);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            members[property.Name] = property.Value;
        }

        if (members.Count == 0)
        {
            AppendLine(builder, path, "{}");
            return;
        }

        string[] keys = new string[members.Count];
        members.Keys.CopyTo(keys, 0);
        Array.Sort(keys, StringComparer.Ordinal);
        foreach (string key in keys)
        {
            AppendValue(builder, path + "." + key, members[key], depth + 1);
        }
    }

    private static void AppendArray(StringBuilder builder, string path, JsonElement value, int depth)
    {
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            AppendValue(builder, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", item, depth + 1);
            index++;
        }

        if (index == 0)
        {
            AppendLine(builder, path, "[]");
        }
    }

    private static void AppendLeaf(StringBuilder builder, string path, JsonElement value)
    {
        string text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? string.Empty,
            JsonValueKind.Number => FormatNumber(value),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => "null",
            _ => value.GetRawText(),
        };
        AppendLine(builder, path, text);
    }

    private static void AppendLine(StringBuilder builder, string path, string text) =>
        builder.Append('\n').Append(path).Append(" = ").Append(text);
}
