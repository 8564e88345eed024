using System.Buffers;
using System.Globalization;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// Character classes of the BERT basic tokenizer, as the Hugging Face normaliser and pre-tokenizer define
/// them: removed control characters, whitespace, punctuation, CJK ideographs, and the two properties the
/// Unicode final-sigma rule needs.
/// </summary>
internal static class BertCharacters
{
    /// <summary>
    /// Every whitespace character that cleaning turns into a space (all in the Basic Multilingual Plane):
    /// space, tab, line feed, carriage return, the Zs separators, U+2028 and U+2029.
    /// </summary>
    public static readonly SearchValues<char> Whitespace = SearchValues.Create(
        " \t\n\r\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    /// <summary>The characters that end a word in ASCII text: whitespace and the ASCII punctuation ranges.</summary>
    public static readonly SearchValues<char> AsciiWordBreaks = SearchValues.Create(
        " \t\n\r!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

    /// <summary>Printable ASCII plus tab, line feed and carriage return: text that needs no cleaning or Unicode work.</summary>
    public static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        "\t\n\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>
    /// True for code points that text cleaning deletes: NUL, U+FFFD and every character of the general
    /// categories Cc, Cf, Co and Cs except tab, line feed and carriage return (those count as whitespace).
    /// Unassigned code points (Cn) are kept, as the reference implementation keeps them.
    /// </summary>
    public static bool IsRemoved(int codePoint)
    {
        if (codePoint is '\t' or '\n' or '\r')
        {
            return false;
        }

        if (codePoint == 0xFFFD)
        {
            return true;
        }

        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return category is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>
    /// True for whitespace that cleaning turns into a plain space: space, tab, line feed, carriage return,
    /// the Zs separators, U+2028 and U+2029. (Vertical tab, form feed and U+0085 are controls: removed.)
    /// </summary>
    /// <param name="codePoint">A valid Unicode scalar value.</param>
    public static bool IsWhitespace(int codePoint)
        => codePoint <= char.MaxValue && Whitespace.Contains((char)codePoint);

    /// <summary>
    /// True for punctuation in the BERT sense: the ASCII ranges 33-47, 58-64, 91-96 and 123-126 (which
    /// include symbols such as <c>$</c>, <c>+</c> and <c>^</c>) and every Unicode P* category.
    /// </summary>
    public static bool IsPunctuation(int codePoint)
    {
        if (codePoint < 0x80)
        {
            return codePoint is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126);
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>True for the CJK ideograph blocks that BERT splits into one word per character.</summary>
    public static bool IsChineseCharacter(int codePoint)
        => codePoint is (>= 0x4E00 and <= 0x9FFF)
            or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F)
            or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x2F800 and <= 0x2FA1F);

    /// <summary>
    /// Unicode <c>Case_Ignorable</c>: marks (Mn, Me), format characters, modifier letters and symbols, and
    /// the word-internal punctuation of the word-break rules (apostrophes, full stops, colons, middle dots).
    /// </summary>
    public static bool IsCaseIgnorable(int codePoint)
    {
        switch (codePoint)
        {
            case '\'' or '.' or ':' or 0x00B7 or 0x0387 or 0x055F or 0x05F4 or 0x2018 or 0x2019 or 0x2024
                or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A:
                return true;
            default:
                return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.NonSpacingMark
                    or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
        }
    }

    /// <summary>
    /// Unicode <c>Cased</c> for the characters that are not also case-ignorable: upper-, lower- and
    /// title-case letters, the ordinal indicators, Roman numerals and the circled and squared Latin letters.
    /// </summary>
    public static bool IsCased(int codePoint)
    {
        if (codePoint is 0x00AA or 0x00BA or (>= 0x2160 and <= 0x217F) or (>= 0x24B6 and <= 0x24E9)
            or (>= 0x1F130 and <= 0x1F149) or (>= 0x1F150 and <= 0x1F169) or (>= 0x1F170 and <= 0x1F189))
        {
            return true;
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.UppercaseLetter
            or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;
    }
}
