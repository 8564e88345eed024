namespace Mcip.RagPref.Text;

/// <summary>
/// Our table of letters that look like Latin letters, used by <see cref="TextCanonicalizer"/>. Fullwidth forms and
/// mathematical alphanumerics are not listed: NFKC already maps them to Latin (or, for mathematical Greek, to Greek
/// letters that this table then covers). The table holds only glyphs that are practically identical in common fonts.
/// </summary>
internal static class Homoglyphs
{
    /// <summary>The smallest code unit the table maps (a quick filter for the hot path).</summary>
    public const char Min = '\u01C0';

    /// <summary>Returns the Latin letter <paramref name="c"/> imitates, or <c>'\0'</c> when it is not in the table.</summary>
    public static char Fold(char c) => c < Min ? '\0' : c switch
    {
        // Latin-script phonetic letters that imitate basic Latin ones (always folded: they are Latin already).
        '\u01C0' => 'l', // dental click
        '\u0237' => 'j', // dotless j
        '\u0251' => 'a', // alpha (IPA)
        '\u0261' => 'g', // script g

        // Greek capitals.
        '\u0391' => 'A', '\u0392' => 'B', '\u0395' => 'E', '\u0396' => 'Z', '\u0397' => 'H', '\u0399' => 'I',
        '\u039A' => 'K', '\u039C' => 'M', '\u039D' => 'N', '\u039F' => 'O', '\u03A1' => 'P', '\u03A4' => 'T',
        '\u03A5' => 'Y', '\u03A7' => 'X',

        // Greek small letters.
        '\u03B1' => 'a', '\u03B3' => 'y', '\u03B9' => 'i', '\u03BA' => 'k', '\u03BD' => 'v', '\u03BF' => 'o',
        '\u03C1' => 'p', '\u03C5' => 'u', '\u03C7' => 'x', '\u03F3' => 'j',

        // Cyrillic capitals.
        '\u0405' => 'S', '\u0406' => 'I', '\u0408' => 'J', '\u0410' => 'A', '\u0412' => 'B', '\u0415' => 'E',
        '\u041A' => 'K', '\u041C' => 'M', '\u041D' => 'H', '\u041E' => 'O', '\u0420' => 'P', '\u0421' => 'C',
        '\u0422' => 'T', '\u0423' => 'Y', '\u0425' => 'X', '\u04AE' => 'Y', '\u04C0' => 'I', '\u051A' => 'Q',
        '\u051C' => 'W',

        // Cyrillic small letters.
        '\u0430' => 'a', '\u0435' => 'e', '\u043E' => 'o', '\u0440' => 'p', '\u0441' => 'c', '\u0443' => 'y',
        '\u0445' => 'x', '\u0455' => 's', '\u0456' => 'i', '\u0458' => 'j', '\u04AF' => 'y', '\u04BB' => 'h',
        '\u04CF' => 'l', '\u0501' => 'd', '\u051B' => 'q', '\u051D' => 'w',

        // Armenian.
        '\u053C' => 'L', '\u054D' => 'U', '\u054F' => 'S', '\u0555' => 'O',
        '\u0561' => 'w', '\u0566' => 'q', '\u0570' => 'h', '\u0578' => 'n', '\u057D' => 'u', '\u0581' => 'g',
        '\u0585' => 'o',

        _ => '\0',
    };

    /// <summary>Returns whether a letter belongs to the Latin script (basic, supplements, extended, phonetic, fullwidth).</summary>
    public static bool IsLatinLetter(int codePoint) => codePoint switch
    {
        >= 'A' and <= 'Z' or >= 'a' and <= 'z' => true,
        0xAA or 0xBA => true,
        >= 0xC0 and <= 0x24F => codePoint is not (0xD7 or 0xF7),
        >= 0x250 and <= 0x2AF => true,
        >= 0x1D00 and <= 0x1D25 => true,
        >= 0x1D2C and <= 0x1D6A => true,
        >= 0x1E00 and <= 0x1EFF => true,
        >= 0x2C60 and <= 0x2C7F => true,
        >= 0xA720 and <= 0xA7FF => true,
        >= 0xAB30 and <= 0xAB64 => true,
        >= 0xFF21 and <= 0xFF3A or >= 0xFF41 and <= 0xFF5A => true,
        _ => false,
    };
}
