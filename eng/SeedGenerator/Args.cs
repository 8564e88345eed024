using System.Globalization;
using System.Text;

namespace Mcip.RagPref.SeedGenerator;

/// <summary>
/// Tool-call arguments as an ordered JSON object (insertion order is kept, as in the hand-written seed files).
/// Values are <see cref="string"/>, <see cref="int"/>, <see cref="decimal"/>, <see cref="bool"/>, nested
/// <see cref="Args"/> or <see cref="List{T}"/> of those.
/// </summary>
internal sealed class Args
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, object>> Entries => _entries;

    public Args Add(string key, object value)
    {
        _entries.Add(new(key, value));
        return this;
    }

    /// <summary>
    /// <c>tool key=value ...</c>: nested objects flattened as <c>a.b=value</c>, strings raw, other values as JSON,
    /// like the tool-call items in embeddings/seed.
    /// </summary>
    public string Render(string tool)
    {
        var sb = new StringBuilder(tool);
        Flatten(sb, string.Empty, this);
        return sb.ToString();
    }

    private static void Flatten(StringBuilder sb, string prefix, Args args)
    {
        foreach ((string key, object value) in args._entries)
        {
            string path = prefix.Length == 0 ? key : prefix + "." + key;
            if (value is Args nested)
            {
                Flatten(sb, path, nested);
                continue;
            }

            sb.Append(' ').Append(path).Append('=');
            if (value is string s)
            {
                sb.Append(s);
            }
            else
            {
                Json.WriteValue(sb, value);
            }
        }
    }
}

/// <summary>
/// A small JSON writer with a fixed layout: <c>", "</c> between members, <c>": "</c> after keys, non-ASCII kept as
/// UTF-8 (the layout of the hand-written seed files).
/// </summary>
internal static class Json
{
    public static void WriteValue(StringBuilder sb, object value)
    {
        switch (value)
        {
            case string s:
                WriteString(sb, s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case decimal d:
                sb.Append(d.ToString("0.############", CultureInfo.InvariantCulture));
                break;
            case Args a:
                sb.Append('{');
                for (int n = 0; n < a.Entries.Count; n++)
                {
                    if (n > 0)
                    {
                        sb.Append(", ");
                    }

                    WriteString(sb, a.Entries[n].Key);
                    sb.Append(": ");
                    WriteValue(sb, a.Entries[n].Value);
                }

                sb.Append('}');
                break;
            case System.Collections.IEnumerable list:
                sb.Append('[');
                bool first = true;
                foreach (object item in list)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    WriteValue(sb, item);
                }

                sb.Append(']');
                break;
            default:
                throw new InvalidOperationException($"unsupported JSON value of type {value.GetType()}");
        }
    }

    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
