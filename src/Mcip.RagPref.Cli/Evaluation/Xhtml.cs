using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>Text encoding and number formatting for the report's XHTML-compatible markup.</summary>
internal static class Xhtml
{
    /// <summary>
    /// Writes <paramref name="text"/> encoded for element content and attribute values: markup characters become
    /// entities, and characters XML 1.0 forbids (controls other than tab, line feed and carriage return, unpaired
    /// surrogates, U+FFFE, U+FFFF) become U+FFFD.
    /// </summary>
    public static void Write(TextWriter writer, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': writer.Write("&amp;"); break;
                case '<': writer.Write("&lt;"); break;
                case '>': writer.Write("&gt;"); break;
                case '"': writer.Write("&quot;"); break;
                case '\'': writer.Write("&#39;"); break;
                case '\t' or '\n' or '\r': writer.Write(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': writer.Write('\uFFFD'); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        writer.Write(c);
                        writer.Write(text[++i]);
                    }
                    else
                    {
                        writer.Write(char.IsSurrogate(c) ? '\uFFFD' : c);
                    }

                    break;
            }
        }
    }

    /// <summary>Returns <paramref name="text"/> encoded as <see cref="Write"/> writes it.</summary>
    public static string Encode(string? text)
    {
        using var writer = new StringWriter(new StringBuilder(text?.Length ?? 0), CultureInfo.InvariantCulture);
        Write(writer, text);
        return writer.ToString();
    }

    /// <summary>Formats a number with three decimals, or "n/a" for NaN.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Formats a rate as a percentage with one decimal, or "n/a" for NaN.</summary>
    public static string Percent(double rate) =>
        double.IsNaN(rate) ? "n/a" : (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Formats a threshold compactly (up to six significant digits), or "n/a" for NaN.</summary>
    public static string Threshold(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Formats an axis tick compactly (three significant digits).</summary>
    public static string Tick(double value) =>
        Math.Abs(value) < 1e-12 ? "0" : value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>Formats an SVG coordinate with two decimals.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Formats a count.</summary>
    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
