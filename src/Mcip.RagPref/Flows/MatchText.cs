namespace Mcip.RagPref.Flows;

/// <summary>
/// A normalised copy of a text for matching values (lower case, whitespace runs as one space; or letters and digits only,
/// upper case) with a map from each normalised character back to its position in the original.
/// </summary>
internal sealed class MatchText
{
    private readonly int[] _map;

    private MatchText(string text, int[] map)
    {
        Text = text;
        _map = map;
    }

    public string Text { get; }

    /// <summary>Lower case, every run of whitespace as one space (URL, e-mail, path and command matching).</summary>
    public static MatchText Loose(string original)
    {
        char[] chars = new char[original.Length];
        int[] map = new int[original.Length];
        int n = 0;
        bool space = false;
        for (int i = 0; i < original.Length; i++)
        {
            char c = original[i];
            if (char.IsWhiteSpace(c))
            {
                if (!space && n > 0)
                {
                    chars[n] = ' ';
                    map[n++] = i;
                }

                space = true;
                continue;
            }

            space = false;
            chars[n] = char.ToLowerInvariant(c);
            map[n++] = i;
        }

        return new MatchText(new string(chars, 0, n), map[..n]);
    }

    /// <summary>Letters and digits only, upper case (account, IBAN and phone matching, whatever the spacing).</summary>
    public static MatchText Alphanumeric(string original)
    {
        char[] chars = new char[original.Length];
        int[] map = new int[original.Length];
        int n = 0;
        for (int i = 0; i < original.Length; i++)
        {
            char c = original[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                chars[n] = char.ToUpperInvariant(c);
                map[n++] = i;
            }
        }

        return new MatchText(new string(chars, 0, n), map[..n]);
    }

    /// <summary>Finds <paramref name="needle"/>; with <paramref name="wordBoundaries"/>, only where no letter or digit touches it.</summary>
    /// <returns>The original start and end (exclusive) of the first match, or (-1, -1).</returns>
    public (int Start, int End) Find(string needle, bool wordBoundaries) => Find(needle, wordBoundaries, 0, out _);

    /// <summary>Finds <paramref name="needle"/> at or after normalised position <paramref name="from"/>.</summary>
    /// <param name="needle">The normalised needle.</param>
    /// <param name="wordBoundaries">Whether the match must not touch letters or digits.</param>
    /// <param name="from">Where to start, in normalised positions.</param>
    /// <param name="next">Where to continue for the next match, in normalised positions.</param>
    /// <returns>The original start and end (exclusive) of the match, or (-1, -1).</returns>
    public (int Start, int End) Find(string needle, bool wordBoundaries, int from, out int next)
    {
        next = Text.Length;
        if (needle.Length == 0)
        {
            return (-1, -1);
        }

        while (from <= Text.Length - needle.Length)
        {
            int at = Text.IndexOf(needle, from, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            int end = at + needle.Length;
            if (!wordBoundaries
                || ((at == 0 || !IsWordChar(Text[at - 1])) && (end == Text.Length || !IsWordChar(Text[end]))))
            {
                next = end;
                return (_map[at], _map[end - 1] + 1);
            }

            from = at + 1;
        }

        return (-1, -1);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '@';
}
