using System.Globalization;
using System.Text;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Prompting;

/// <summary>
/// Makes an example text safe to write on one line between the fence marks <see cref="FenceOpen"/> and
/// <see cref="FenceClose"/>: whatever it contains, it cannot end its line, close its fence, start a section or
/// impersonate a role.
/// </summary>
/// <remarks>
/// Rules: line breaks become the visible escape <c>\n</c>; other whitespace runs become one space; control, format
/// (zero-width, bidi, tag) characters and variation selectors are removed; lone surrogates become U+FFFD; the fence marks
/// become square brackets; backticks become apostrophes; <c>&lt;</c> and <c>&gt;</c> become ‹ and › (so no XML-like
/// tag or <c>&lt;|im_start|&gt;</c> token survives); runs of <c>#</c> shrink to one; a role word followed by a colon
/// (<c>system:</c>, <c>assistant:</c>, ...) gets a ratio sign (∶) instead of the colon; <c>[INST]</c> and
/// <c>[/INST]</c> get parentheses; the section names of the built-in templates get a hyphen instead of their space.
/// Role words, markers and section names are matched on a folded view of the text (<see cref="FoldedView"/>: compatibility
/// forms such as the full-width colon, look-alike letters such as Cyrillic <c>ѕ</c>, and combining marks skipped), so that
/// <c>system：</c>, <c>ѕystem:</c> and <c>system&#x338;:</c> are neutralised like <c>system:</c>.
/// The result is cut to the maximum length with an ellipsis, never inside a surrogate pair or an escape.
/// </remarks>
internal static class ExampleSanitizer
{
    /// <summary>Opens an example's text.</summary>
    public const char FenceOpen = '\u27E6';

    /// <summary>Closes an example's text.</summary>
    public const char FenceClose = '\u27E7';

    private static readonly string[] RoleWords = ["system", "user", "assistant", "developer", "tool", "human", "ai", "model", "function"];

    private static readonly string[] SectionNames = ["attack examples", "benign examples", "reference examples", "security guidance"];

    public static string Sanitize(string text, int maxLength)
    {
        StringBuilder builder = new(Math.Min(text.Length, maxLength + 16));
        AppendCharacters(builder, text, maxLength * 4);
        NeutraliseRoleMarkers(builder);
        NeutraliseSectionNames(builder);
        Cap(builder, maxLength);
        return builder.ToString();
    }

    private static void AppendCharacters(StringBuilder builder, string text, int budget)
    {
        // What separates the next visible character from the previous one: nothing, a space or a line break.
        const int None = 0, Space = 1, LineBreak = 2;
        int pending = None;
        for (int i = 0; i < text.Length && builder.Length < budget; i++)
        {
            char c = text[i];
            if (c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029')
            {
                pending = LineBreak;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pending = Math.Max(pending, Space);
                continue;
            }

            string? replacement = Replace(text, ref i);
            if (replacement is null)
            {
                continue;
            }

            if (builder.Length > 0 && pending != None)
            {
                builder.Append(pending == LineBreak ? " \\n " : " ");
            }

            pending = None;
            if (replacement == "#" && builder.Length > 0 && builder[^1] == '#')
            {
                continue;
            }

            builder.Append(replacement);
        }
    }

    /// <summary>The text to write for the character at <paramref name="i"/> (advancing past a surrogate pair), or <see langword="null"/> to drop it.</summary>
    private static string? Replace(string text, ref int i)
    {
        char c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            int codePoint = char.ConvertToUtf32(c, text[i + 1]);
            i++;
            return codePoint is >= 0xE0000 and <= 0xE0FFF || CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.Format
                ? null
                : char.ConvertFromUtf32(codePoint);
        }

        return c switch
        {
            _ when char.IsSurrogate(c) => "\uFFFD",
            FenceOpen => "[",
            FenceClose => "]",
            '`' => "'",
            '<' => "\u2039",
            '>' => "\u203A",
            _ when TextCanonicalizer.IsInvisible(c) || TextCanonicalizer.IsBidiControl(c) => null,
            _ => c.ToString(),
        };
    }

    private static void TrimEndSpace(StringBuilder builder)
    {
        while (builder.Length > 0 && builder[^1] == ' ')
        {
            builder.Length--;
        }
    }

    private static void NeutraliseRoleMarkers(StringBuilder builder)
    {
        FoldedView view = FoldedView.Of(builder);
        for (int i = 0; i < view.Length; i++)
        {
            if (view[i] == '[')
            {
                int length = view.Match(i + 1, "inst]") ? 6 : view.Match(i + 1, "/inst]") ? 7 : 0;
                if (length > 0)
                {
                    builder[view.Source(i)] = '(';
                    builder[view.Source(i + length - 1)] = ')';
                }

                continue;
            }

            // Role words only at a word start (or after a written "\n"), so that "filesystem:" stays as written.
            if (i > 0 && char.IsLetterOrDigit(view[i - 1]) && !(i >= 2 && view[i - 1] == 'n' && view[i - 2] == '\\'))
            {
                continue;
            }

            foreach (string role in RoleWords)
            {
                if (view.Match(i, role))
                {
                    int j = i + role.Length;
                    while (j < view.Length && view[j] == ' ')
                    {
                        j++;
                    }

                    if (j < view.Length && view[j] == ':')
                    {
                        builder[view.Source(j)] = '\u2236';
                    }
                }
            }
        }
    }

    private static void NeutraliseSectionNames(StringBuilder builder)
    {
        FoldedView view = FoldedView.Of(builder);
        for (int i = 0; i < view.Length; i++)
        {
            foreach (string name in SectionNames)
            {
                if (view.Match(i, name))
                {
                    builder[view.Source(i + name.IndexOf(' ', StringComparison.Ordinal))] = '-';
                }
            }
        }
    }

    private static void Cap(StringBuilder builder, int maxLength)
    {
        if (builder.Length <= maxLength)
        {
            return;
        }

        int cut = maxLength - 1;
        if (char.IsHighSurrogate(builder[cut - 1]))
        {
            cut--;
        }

        builder.Length = cut;

        // Do not end on a broken or dangling line-break escape.
        if (builder[^1] == '\\')
        {
            builder.Length--;
        }
        else if (builder.Length >= 2 && builder[^1] == 'n' && builder[^2] == '\\')
        {
            builder.Length -= 2;
        }

        TrimEndSpace(builder);
        builder.Append('\u2026');
    }
}
