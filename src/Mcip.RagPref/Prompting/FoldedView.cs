using System.Globalization;
using System.Text;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Prompting;

/// <summary>
/// A lower-case, folded view of a sanitised example text for matching role markers: each visible character folded to the
/// Latin or ASCII character it imitates (its NFKC form when that is one character, else its homoglyph fold, and the colon
/// look-alikes to <c>:</c>), combining marks left out, each position mapped back to the character it came from.
/// </summary>
/// <remarks>Linear in the text length.</remarks>
internal readonly struct FoldedView
{
    private readonly char[] _chars;
    private readonly int[] _source;

    private FoldedView(char[] chars, int[] source, int length)
    {
        _chars = chars;
        _source = source;
        Length = length;
    }

    /// <summary>The number of folded characters.</summary>
    public int Length { get; }

    /// <summary>The folded character at <paramref name="index"/>.</summary>
    public char this[int index] => _chars[index];

    /// <summary>Folds <paramref name="builder"/>'s text.</summary>
    public static FoldedView Of(StringBuilder builder)
    {
        char[] chars = new char[builder.Length];
        int[] source = new int[builder.Length];
        int n = 0;
        for (int i = 0; i < builder.Length; i++)
        {
            char c = builder[i];
            if (c >= '\u0300' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark)
            {
                continue;
            }

            chars[n] = char.ToLowerInvariant(Fold(c));
            source[n++] = i;
        }

        return new FoldedView(chars, source, n);
    }

    /// <summary>The index in the original text of the folded character at <paramref name="index"/>.</summary>
    public int Source(int index) => _source[index];

    /// <summary>Whether <paramref name="word"/> (lower case) occurs at <paramref name="start"/>.</summary>
    public bool Match(int start, string word)
    {
        if (start < 0 || start + word.Length > Length)
        {
            return false;
        }

        return _chars.AsSpan(start, word.Length).SequenceEqual(word);
    }

    private static char Fold(char c)
    {
        if (c < 0x80 || char.IsSurrogate(c))
        {
            return c;
        }

        if (c is '\u02D0' or '\u02F8' or '\u0589' or '\u05C3' or '\u0703' or '\u0704' or '\u16EC' or '\u1804' or '\u205A' or '\u2236' or '\uA789' or '\uFE13' or '\uFE30' or '\uFE55' or '\uFF1A')
        {
            return ':';
        }

        try
        {
            string normalized = c.ToString().Normalize(NormalizationForm.FormKC);
            if (normalized.Length == 1 && normalized[0] != c)
            {
                c = normalized[0];
            }
        }
        catch (ArgumentException)
        {
            // A noncharacter (U+FFFE, U+FFFF): nothing it could imitate.
        }

        char folded = Homoglyphs.Fold(c);
        return folded == '\0' ? c : folded;
    }
}
