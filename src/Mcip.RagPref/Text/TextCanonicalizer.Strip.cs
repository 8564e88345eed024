using System.Globalization;

namespace Mcip.RagPref.Text;

/// <summary>Step 1: invisible characters, bidi controls and tag characters.</summary>
internal sealed partial class TextCanonicalizer
{
    private const int TagBase = 0xE0000;
    private const int WavingBlackFlag = 0x1F3F4;

    /// <summary>
    /// The most combining marks kept in a row (the limit of the Unicode stream-safe text format, UAX #15). NFKC reorders a
    /// run of combining marks by their classes, which costs the square of the run's length, so longer runs (which no
    /// writing system needs and which render as clutter) are cut here and counted as invisible. Removed characters do not
    /// end a run, since the marks on either side of them meet. 30.
    /// </summary>
    internal const int MaxCombiningRun = 30;

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/> (capacity at least 1.5 × length + 4) without
    /// invisible characters and bidi controls, with tag characters decoded. Returns the number of characters written.
    /// </summary>
    internal static int Strip(ReadOnlySpan<char> source, Span<char> destination, ref FindingsAccumulator findings)
    {
        int w = 0;
        bool afterHiddenText = false;
        int combining = 0;
        int i = 0;
        while (i < source.Length)
        {
            if (w > 0 && !EndsWithMark(destination[..w]))
            {
                // Something other than a mark was written last: a run of marks that follows starts afresh.
                combining = 0;
            }

            char c = source[i];
            if (c < 0x80)
            {
                if ((c >= 0x20 && c != 0x7F) || char.IsWhiteSpace(c))
                {
                    Emit(destination, ref w, ref afterHiddenText, c);
                }
                else
                {
                    findings.Invisible++;
                }

                i++;
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                int codePoint = char.ConvertToUtf32(c, source[i + 1]);
                if (codePoint is >= TagBase and <= TagBase + 0x7F)
                {
                    i = DecodeTagRun(source, i, destination, ref w, ref afterHiddenText, ref findings);
                    continue;
                }

                if (IsInvisibleSupplementary(codePoint)
                    || (IsCombining(CharUnicodeInfo.GetUnicodeCategory(codePoint)) && ++combining > MaxCombiningRun))
                {
                    findings.Invisible++;
                }
                else
                {
                    Emit(destination, ref w, ref afterHiddenText, c);
                    destination[w++] = source[i + 1];
                }

                i += 2;
                continue;
            }

            i++;
            if (IsCombining(c) && !IsInvisible(c) && ++combining > MaxCombiningRun)
            {
                findings.Invisible++;
            }
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                Emit(destination, ref w, ref afterHiddenText, '\uFFFD');
            }
            else if (IsBidiControl(c))
            {
                findings.Bidi++;
            }
            else if (c == '\u2800')
            {
                // Braille pattern blank renders as a space.
                findings.Invisible++;
                Emit(destination, ref w, ref afterHiddenText, ' ');
            }
            else if (IsInvisible(c))
            {
                findings.Invisible++;
            }
            else
            {
                Emit(destination, ref w, ref afterHiddenText, c);
            }
        }

        return w;
    }

    /// <summary>
    /// Removes, in place, every combining mark beyond the first <see cref="MaxCombiningRun"/> of a run (counted as invisible);
    /// returns the new length. Dropping the end of a run keeps NFKC text normalised.
    /// </summary>
    internal static int CapMarkRuns(Span<char> text, ref FindingsAccumulator findings)
    {
        int w = 0;
        int run = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            bool mark = pair ? IsCombining(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1]))) : IsCombining(c);
            run = mark ? run + 1 : 0;
            if (run > MaxCombiningRun)
            {
                findings.Invisible++;
                i += pair ? 1 : 0;
                continue;
            }

            text[w++] = c;
            if (pair)
            {
                text[w++] = text[++i];
            }
        }

        return w;
    }

    /// <summary>
    /// Combining marks (and the half-width katakana sound marks, whose NFKC forms are combining): the characters NFKC
    /// may reorder among themselves.
    /// </summary>
    private static bool IsCombining(char c)
    {
        if (c < '\u0300')
        {
            return false;
        }

        return c is '\uFF9E' or '\uFF9F' || IsCombining(CharUnicodeInfo.GetUnicodeCategory(c));
    }

    private static bool EndsWithMark(ReadOnlySpan<char> written) =>
        written.Length >= 2 && char.IsSurrogatePair(written[^2], written[^1])
            ? IsCombining(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(written[^2], written[^1])))
            : IsCombining(written[^1]);

    private static bool IsCombining(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Bidirectional embeddings, overrides, isolates and marks.</summary>
    internal static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>BMP characters that render as nothing: format (Cf), non-whitespace controls, variation selectors, fillers.</summary>
    internal static bool IsInvisible(char c) => c switch
    {
        '\u034F' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u3164' or '\uFFA0' => true,
        >= '\u180B' and <= '\u180F' => true,
        >= '\uFE00' and <= '\uFE0F' => true,
        _ => char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Format => true,
            UnicodeCategory.Control => !char.IsWhiteSpace(c),
            _ => false,
        },
    };

    private static bool IsInvisibleSupplementary(int codePoint) =>
        codePoint is >= 0xE0100 and <= 0xE01EF
        || CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.Format;

    private static void Emit(Span<char> destination, ref int w, ref bool afterHiddenText, char c)
    {
        if (afterHiddenText)
        {
            afterHiddenText = false;
            if (!char.IsWhiteSpace(c))
            {
                destination[w++] = ' ';
            }
        }

        destination[w++] = c;
    }

    /// <summary>Decodes the run of tag characters starting at <paramref name="start"/>; returns the index after it.</summary>
    private static int DecodeTagRun(
        ReadOnlySpan<char> source, int start, Span<char> destination, ref int w, ref bool afterHiddenText, ref FindingsAccumulator findings)
    {
        int end = start;
        int tags = 0;
        int printable = 0;
        while (end + 1 < source.Length && char.IsSurrogatePair(source[end], source[end + 1]))
        {
            int ascii = char.ConvertToUtf32(source[end], source[end + 1]) - TagBase;
            if (ascii is < 0 or > 0x7F)
            {
                break;
            }

            printable += ascii is >= 0x20 and <= 0x7E ? 1 : 0;
            end += 2;
            tags++;
        }

        if (IsEmojiFlagTagSequence(source[start..end], destination[..w]))
        {
            return end;
        }

        findings.Tags += tags;
        if (printable == 0)
        {
            return end;
        }

        if (w > 0 && !char.IsWhiteSpace(destination[w - 1]))
        {
            destination[w++] = ' ';
        }

        int textStart = w;
        for (int i = start; i < end; i += 2)
        {
            int ascii = char.ConvertToUtf32(source[i], source[i + 1]) - TagBase;
            if (ascii is >= 0x20 and <= 0x7E)
            {
                destination[w++] = (char)ascii;
            }
        }

        findings.AddHiddenTagText(destination[textStart..w]);
        afterHiddenText = true;
        return end;
    }

    /// <summary>
    /// An emoji subdivision flag (for example England: U+1F3F4, tags "gbeng", cancel tag): a waving black flag followed by
    /// one to six tag lower-case letters or digits and the cancel tag. Those tags are legitimate and dropped silently.
    /// </summary>
    private static bool IsEmojiFlagTagSequence(ReadOnlySpan<char> run, ReadOnlySpan<char> written)
    {
        int tags = run.Length / 2;
        if (tags is < 2 or > 7 || written.Length < 2
            || !char.IsSurrogatePair(written[^2], written[^1])
            || char.ConvertToUtf32(written[^2], written[^1]) != WavingBlackFlag
            || char.ConvertToUtf32(run[^2], run[^1]) != TagBase + 0x7F)
        {
            return false;
        }

        for (int i = 0; i < run.Length - 2; i += 2)
        {
            int ascii = char.ConvertToUtf32(run[i], run[i + 1]) - TagBase;
            if (ascii is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }
}
