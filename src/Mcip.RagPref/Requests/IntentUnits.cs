using System.Globalization;
using System.Text;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Requests;

/// <summary>
/// Splits a request's rendered text into the units that carry intent, so that one instruction is judged on its own
/// and not diluted by the text around it: sentences and lines of prompts and tool outputs, one unit per argument value
/// of a tool call (<c>tool path = value</c>), and the description sentences and parameter lines of a tool description
/// (<c>name: sentence</c>, <c>name path: description</c>).
/// </summary>
/// <remarks>
/// <para>
/// Works on the rendered text before canonicalisation, because canonicalisation folds line breaks into spaces; each
/// unit is canonicalised on its own afterwards. Sentence ends are found also where an injection is glued to the text
/// before it without a space (<c>...edged down to 7.2%.Ignore your previous instructions.</c>), through invisible
/// characters, and at full-width and ideographic stops; decimal numbers, versions, host names and paths are not cut.
/// Markup tags and comment markers (<c>&lt;div ...&gt;</c>, <c>&lt;!--</c>, <c>--&gt;</c>) end a unit too. Pieces
/// shorter than <see cref="MinLength"/> characters are merged into a neighbour; pieces longer than the window size are
/// cut on word boundaries with <see cref="TextWindows"/>; the tool name written in front of the units of a tool call or
/// description is cut to half the window size. Work is linear in the text length, and at most
/// <c>maxUnits</c> units are returned: beyond that, neighbouring units are joined (nothing is dropped).
/// </para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal static class IntentUnits
{
    /// <summary>Pieces shorter than this many characters are merged into a neighbour: 24.</summary>
    public const int MinLength = 24;

    /// <summary>The default cap on the units of one text: 64.</summary>
    public const int DefaultMaxUnits = 64;

    /// <summary>Splits <paramref name="text"/>, rendered for <paramref name="surface"/>, into intent units.</summary>
    /// <param name="text">The rendered request text (tool calls and tool descriptions as the library renders them: one line per value or parameter).</param>
    /// <param name="surface">The surface the text was rendered for.</param>
    /// <param name="maxLength">The longest unit, in characters; longer pieces are windowed. At least <see cref="MinLength"/>.</param>
    /// <param name="maxUnits">The most units returned; at least 1.</param>
    /// <param name="canonicalize">
    /// Applied to every line before it is split further (for example <see cref="TextCanonicalizer.Canonicalize"/>), so
    /// that look-alike letters, invisible characters and full-width stops cannot move unit boundaries; <see langword="null"/>
    /// to split the text as it is.
    /// </param>
    /// <returns>The units in text order; empty when the text holds no letters or digits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> or <paramref name="maxUnits"/> is out of range.</exception>
    public static IReadOnlyList<string> Split(
        string text, GuardSurface surface, int maxLength = TextWindowOptions.DefaultSize, int maxUnits = DefaultMaxUnits, Func<string, string>? canonicalize = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, MinLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUnits, 1);
        string[] lines = text.Split(['\n', '\r', '\u2028', '\u2029', '\u0085']);
        if (canonicalize is not null)
        {
            for (int i = 0; i < lines.Length; i++)
            {
                lines[i] = canonicalize(lines[i]);
            }
        }

        List<string> units = surface switch
        {
            GuardSurface.ToolCall => PrefixedLines(lines, maxLength, descriptionLine: false),
            GuardSurface.ToolDescription => PrefixedLines(lines, maxLength, descriptionLine: true),
            _ => Prose(lines, maxLength),
        };
        return Cap(units, maxUnits);
    }

    /// <summary>Tool calls and descriptions: the first line names the tool and prefixes every other unit.</summary>
    private static List<string> PrefixedLines(string[] lines, int maxLength, bool descriptionLine)
    {
        var units = new List<string>();
        string head = Squash(lines[0]);
        if (head.Length > maxLength / 2)
        {
            // A tool name is repeated in front of every unit: a long one is cut, so units stay linear in the text's size.
            int cut = maxLength / 2;
            head = head[..(char.IsHighSurrogate(head[cut - 1]) ? cut - 1 : cut)];
        }
        if (lines.Length == 1)
        {
            // Not in the rendered form (for example "name: description" written on one line): treat it as prose.
            return Prose(lines, maxLength);
        }

        for (int i = 1; i < lines.Length; i++)
        {
            string line = Squash(lines[i]);
            if (!HasContent(line))
            {
                continue;
            }

            bool prose = descriptionLine && i == 1;
            List<string> pieces = prose ? Prose([line], Math.Max(MinLength, maxLength - head.Length - 2)) : Window(line, Math.Max(MinLength, maxLength - head.Length - 1));
            foreach (string piece in pieces)
            {
                units.Add(prose ? $"{head}: {piece}" : $"{head} {piece}");
            }
        }

        return units;
    }

    /// <summary>Prompts and tool outputs: lines, markup boundaries and sentences, short pieces merged.</summary>
    private static List<string> Prose(string[] lines, int maxLength)
    {
        var pieces = new List<string>();
        var current = new StringBuilder();
        foreach (string line in lines)
        {
            SplitLine(line, current, pieces);
            Flush(current, pieces);
        }

        var units = new List<string>(pieces.Count);
        foreach (string piece in MergeShort(pieces))
        {
            units.AddRange(Window(piece, maxLength));
        }

        return units;
    }

    private static void SplitLine(string text, StringBuilder current, List<string> pieces)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];

            if (c == '<' && MarkupEnd(text, i) is int tagEnd)
            {
                Flush(current, pieces);
                i = tagEnd;
                continue;
            }

            if (c == '-' && i + 2 < text.Length && text[i + 1] == '-' && text[i + 2] == '>')
            {
                Flush(current, pieces);
                i += 2;
                continue;
            }

            current.Append(c);
            if (IsStop(c) && EndsSentence(text, i))
            {
                // Keep closing quotes and brackets with the sentence they close.
                while (i + 1 < text.Length && text[i + 1] is '"' or '\'' or ')' or ']' or '\u201D' or '\u2019' or '\u300D')
                {
                    current.Append(text[++i]);
                }

                Flush(current, pieces);
            }
        }
    }

    private static void Flush(StringBuilder current, List<string> pieces)
    {
        string piece = Squash(current.ToString());
        current.Clear();
        if (HasContent(piece))
        {
            pieces.Add(piece);
        }
    }

    /// <summary>The index of the <c>&gt;</c> closing a tag or comment opener that starts at <paramref name="start"/>, or <see langword="null"/>.</summary>
    private static int? MarkupEnd(string text, int start)
    {
        if (start + 1 >= text.Length)
        {
            return null;
        }

        char next = text[start + 1];
        if (!(char.IsAsciiLetter(next) || next is '/' or '!'))
        {
            return null;
        }

        if (next == '!' && start + 3 < text.Length && text[start + 2] == '-' && text[start + 3] == '-')
        {
            return start + 3;
        }

        int limit = Math.Min(text.Length, start + 200);
        for (int j = start + 1; j < limit; j++)
        {
            char c = text[j];
            if (c == '>')
            {
                return j;
            }

            if (c is '<' or '\n')
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsStop(char c) => c is '.' or '!' or '?' or '\u3002' or '\uFF01' or '\uFF1F' or '\uFF0E' or '\u061F' or '\u0964';

    /// <summary>Whether the stop at <paramref name="i"/> ends a sentence: followed by a space, the end, or (glued) a capital letter.</summary>
    private static bool EndsSentence(string text, int i)
    {
        char stop = text[i];
        if (stop is '\u3002' or '\uFF01' or '\uFF1F')
        {
            return true;
        }

        int j = SkipInvisible(text, i + 1);
        if (j >= text.Length)
        {
            return true;
        }

        char next = text[j];
        if (char.IsWhiteSpace(next))
        {
            // "e.g. this" and "Dr. Smith": a lone letter or a short capitalised abbreviation before the stop is not an end.
            return !IsAbbreviation(text, i);
        }

        if (stop != '.' && stop != '\uFF0E')
        {
            // "?!" runs: the last one decides.
            return !IsStop(next) && (char.IsUpper(next) || next is '"' or '\'' or '\u201C');
        }

        // Glued: "...7.2%.Ignore" ends; "7.2", "v1.2.3", "example.com", "file.txt", "a.b" do not.
        return char.IsUpper(next) && !char.IsUpper(Previous(text, i));
    }

    private static bool IsAbbreviation(string text, int stop)
    {
        int start = stop;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        int length = stop - start;
        if (length == 0)
        {
            return false;
        }

        // One letter ("e.g.", "U.S.", initials) or a known title.
        if (length == 1)
        {
            return true;
        }

        ReadOnlySpan<char> word = text.AsSpan(start, length);
        return word.Equals("Mr", StringComparison.Ordinal) || word.Equals("Mrs", StringComparison.Ordinal) || word.Equals("Ms", StringComparison.Ordinal)
            || word.Equals("Dr", StringComparison.Ordinal) || word.Equals("St", StringComparison.Ordinal) || word.Equals("vs", StringComparison.Ordinal)
            || word.Equals("etc", StringComparison.Ordinal) || word.Equals("approx", StringComparison.Ordinal) || word.Equals("No", StringComparison.Ordinal);
    }

    private static char Previous(string text, int i)
    {
        for (int j = i - 1; j >= 0; j--)
        {
            if (!IsInvisible(text[j]))
            {
                return text[j];
            }
        }

        return ' ';
    }

    private static int SkipInvisible(string text, int j)
    {
        while (j < text.Length && IsInvisible(text[j]))
        {
            j++;
        }

        return j;
    }

    private static bool IsInvisible(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>Merges pieces shorter than <see cref="MinLength"/> into the following piece (the last into the previous one).</summary>
    private static List<string> MergeShort(List<string> pieces)
    {
        var merged = new List<string>(pieces.Count);
        string? carry = null;
        foreach (string piece in pieces)
        {
            string text = carry is null ? piece : carry + " " + piece;
            if (VisibleLength(text) < MinLength)
            {
                carry = text;
                continue;
            }

            merged.Add(text);
            carry = null;
        }

        if (carry is not null)
        {
            if (merged.Count == 0)
            {
                merged.Add(carry);
            }
            else
            {
                merged[^1] = merged[^1] + " " + carry;
            }
        }

        return merged;
    }

    private static int VisibleLength(string text)
    {
        int n = 0;
        foreach (char c in text)
        {
            if (!IsInvisible(c))
            {
                n++;
            }
        }

        return n;
    }

    private static List<string> Window(string piece, int maxLength)
    {
        if (piece.Length <= maxLength)
        {
            return [piece];
        }

        var windows = new List<string>();
        foreach (TextWindow window in TextWindows.Split(piece, new TextWindowOptions { Size = maxLength, Overlap = Math.Min(TextWindowOptions.DefaultOverlap, maxLength / 4) }))
        {
            string text = Squash(window.Text);
            if (HasContent(text))
            {
                windows.Add(text);
            }
        }

        return windows;
    }

    /// <summary>Joins neighbouring units pairwise until at most <paramref name="maxUnits"/> are left (nothing is dropped).</summary>
    private static List<string> Cap(List<string> units, int maxUnits)
    {
        while (units.Count > maxUnits)
        {
            var joined = new List<string>((units.Count + 1) / 2);
            for (int i = 0; i < units.Count; i += 2)
            {
                joined.Add(i + 1 < units.Count ? units[i] + " " + units[i + 1] : units[i]);
            }

            units = joined;
        }

        return units;
    }

    private static string Squash(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool HasContent(string text)
    {
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
