using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Requests;

/// <summary>
/// Renders a tool call to one canonical text: the tool name on the first line, then one line
/// <c>path = value</c> per leaf value, keys sorted ordinally at every level, nested objects flattened as
/// <c>a.b</c>, array items as <c>a[0]</c>, strings unquoted, numbers and booleans in invariant form.
/// Equal calls therefore render equally whatever their key order or number spelling.
/// </summary>
/// <remarks>
/// Work and output are linear in the size of the arguments: a path written in front of a value is cut to its last
/// <see cref="MaxPathLength"/> characters (after a full path written once on its own line), and once the output reaches
/// <see cref="Budget"/> the rest of each open object or array is written as its raw JSON, once. Strings with escaped lone
/// surrogates (<c>"\ud800"</c>) render with U+FFFD in their place. Stateless and thread-safe.
/// </remarks>
internal static class ToolCallRenderer
{
    /// <summary>Depth beyond which a value is rendered as its raw JSON text rather than flattened further.</summary>
    internal const int MaxDepth = 64;

    /// <summary>The longest path written in front of a value: longer ones keep their last this many characters, after an ellipsis. 128.</summary>
    internal const int MaxPathLength = 128;

    public static string Render(string tool, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        long raw = tool.Length;
        foreach (KeyValuePair<string, JsonElement> pair in arguments)
        {
            raw += pair.Key.Length + 4 + RawLength(pair.Value);
        }

        var writer = new Writer(new StringBuilder(tool.Length + (arguments.Count * 32)), Budget(raw));
        writer.Builder.Append(tool);
        if (arguments.Count == 0)
        {
            return writer.Builder.ToString();
        }

        string[] keys = new string[arguments.Count];
        int count = 0;
        foreach (string key in arguments.Keys)
        {
            keys[count++] = key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        WriteMembers(writer, string.Empty, keys, arguments, 0);
        return writer.Builder.ToString();
    }

    /// <summary>The most characters a call with <paramref name="rawLength"/> characters of JSON renders to before the rest is written raw: 4 × that + 4,096.</summary>
    internal static int Budget(long rawLength) => (int)Math.Min(int.MaxValue / 2, (4 * rawLength) + 4096);

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

    private static void WriteMembers(Writer writer, string prefix, string[] keys, IReadOnlyDictionary<string, JsonElement> members, int depth)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            if (writer.Exhausted)
            {
                // Over budget: the remaining members once, as raw JSON, on one line.
                StringBuilder b = writer.Builder;
                b.Append('\n').Append(prefix.Length == 0 ? "(arguments)" : prefix).Append(" = {");
                for (int j = i; j < keys.Length; j++)
                {
                    b.Append(j == i ? string.Empty : ",").Append(keys[j]).Append(':').Append(members[keys[j]].GetRawText());
                }

                b.Append('}');
                return;
            }

            AppendValue(writer, prefix.Length == 0 ? keys[i] : prefix + "." + keys[i], members[keys[i]], depth + 1);
        }
    }

    private static void AppendValue(Writer writer, string path, JsonElement value, int depth)
    {
        bool container = value.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        if (!container || depth >= MaxDepth || writer.Exhausted)
        {
            AppendLeaf(writer.Builder, path, value);
            return;
        }

        if (path.Length > MaxPathLength)
        {
            // Written in full once; the values inside carry its tail only, so that a long key is not repeated per value.
            AppendLine(writer.Builder, path, value.ValueKind == JsonValueKind.Object ? "{\u2026}" : "[\u2026]");
            path = string.Concat("\u2026", path.AsSpan(TailStart(path)));
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            AppendObject(writer, path, value, depth);
        }
        else
        {
            AppendArray(writer, path, value, depth);
        }
    }

    private static void AppendObject(Writer writer, string path, JsonElement value, int depth)
    {
        // Collect distinct keys (last occurrence wins, as for the top level) and sort them ordinally.
        Dictionary<string, JsonElement> members = new(StringComparer.Ordinal);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            members[JsonStrings.GetName(property)] = property.Value;
        }

        if (members.Count == 0)
        {
            AppendLine(writer.Builder, path, "{}");
            return;
        }

        string[] keys = new string[members.Count];
        members.Keys.CopyTo(keys, 0);
        Array.Sort(keys, StringComparer.Ordinal);
        WriteMembers(writer, path, keys, members, depth);
    }

    private static void AppendArray(Writer writer, string path, JsonElement value, int depth)
    {
        int index = 0;
        StringBuilder b = writer.Builder;
        bool raw = false;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (raw)
            {
                b.Append(',').Append(item.GetRawText());
            }
            else if (writer.Exhausted)
            {
                // Over budget: the remaining items once, as raw JSON, on one line.
                raw = true;
                b.Append('\n').Append(path).Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append("..] = ").Append(item.GetRawText());
            }
            else
            {
                AppendValue(writer, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", item, depth + 1);
            }

            index++;
        }

        if (index == 0)
        {
            AppendLine(b, path, "[]");
        }
    }

    private static void AppendLeaf(StringBuilder builder, string path, JsonElement value)
    {
        string text = value.ValueKind switch
        {
            JsonValueKind.String => JsonStrings.GetString(value),
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

    /// <summary>Where the last <see cref="MaxPathLength"/> characters of <paramref name="path"/> start, never inside a surrogate pair.</summary>
    private static int TailStart(string path)
    {
        int start = path.Length - MaxPathLength;
        return char.IsLowSurrogate(path[start]) ? start + 1 : start;
    }

    private static long RawLength(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? 0 : JsonMarshal.GetRawUtf8Value(value).Length;

    /// <summary>The output and its budget.</summary>
    private sealed class Writer(StringBuilder builder, int budget)
    {
        public StringBuilder Builder { get; } = builder;

        public bool Exhausted => Builder.Length >= budget;
    }
}
