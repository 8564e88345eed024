namespace Mcip.RagPref.Text;

/// <summary>
/// Splits long texts into overlapping windows so that every part of the text is embedded: nothing is ever
/// silently truncated. Windows end before a whitespace character and start at a word where possible, and fall
/// back to a hard cut (never inside a surrogate pair) inside very long words.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class TextWindows
{
    /// <summary>Splits <paramref name="text"/> into windows of at most <see cref="TextWindowOptions.Size"/> characters.</summary>
    /// <param name="text">The text (usually already canonicalised, so that offsets refer to the canonical text).</param>
    /// <param name="options">Window size and overlap; <see langword="null"/> for the defaults (256 characters, overlap 64).</param>
    /// <returns>
    /// The windows in order of their <see cref="TextWindow.Start"/>, which strictly increases. A text no longer than
    /// the window size (including an empty text) yields one window holding all of it. Every non-whitespace
    /// character of the text lies in at least one window.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public static IReadOnlyList<TextWindow> Split(string text, TextWindowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= TextWindowOptions.Default;
        options.Validate();

        int size = options.Size;
        int overlap = options.Overlap;
        int n = text.Length;
        if (n <= size)
        {
            return [new TextWindow(0, n, text)];
        }

        int minLength = Math.Max(overlap + 1, size / 2);
        List<TextWindow> windows = new((n / Math.Max(1, size - overlap)) + 2);
        int start = 0;
        while (true)
        {
            if (n - start <= size)
            {
                windows.Add(new TextWindow(start, n - start, text.Substring(start, n - start)));
                break;
            }

            int end = FindEnd(text, start, size, minLength);
            windows.Add(new TextWindow(start, end - start, text.Substring(start, end - start)));
            start = FindNextStart(text, start, end, overlap);
            if (start >= n)
            {
                break;
            }
        }

        return windows;
    }

    /// <summary>End of the window starting at <paramref name="start"/>: before the last whitespace in reach, else a hard cut.</summary>
    private static int FindEnd(string text, int start, int size, int minLength)
    {
        int hardEnd = start + size;
        for (int b = hardEnd; b >= start + minLength; b--)
        {
            if (char.IsWhiteSpace(text[b]))
            {
                return b;
            }
        }

        return char.IsHighSurrogate(text[hardEnd - 1]) && char.IsLowSurrogate(text[hardEnd]) ? hardEnd - 1 : hardEnd;
    }

    /// <summary>Start of the next window: <paramref name="overlap"/> before the end, moved to a word start where one is near.</summary>
    private static int FindNextStart(string text, int start, int end, int overlap)
    {
        int next = end - overlap;
        if (next > 0 && !char.IsWhiteSpace(text[next - 1]) && !char.IsWhiteSpace(text[next]))
        {
            next = AlignToWord(text, start, end, next, overlap);
        }

        while (next < text.Length && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        if (next < text.Length && char.IsLowSurrogate(text[next]) && char.IsHighSurrogate(text[next - 1]))
        {
            next--;
        }

        // Always make progress; never skip past content (only whitespace lies between end and a later start).
        return next > start ? next : end;
    }

    private static int AlignToWord(string text, int start, int end, int next, int overlap)
    {
        // Back to the start of the word, by at most another 'overlap' characters and never to the window start.
        int low = Math.Max(start + 1, next - overlap);
        for (int b = next; b >= low; b--)
        {
            if (char.IsWhiteSpace(text[b - 1]))
            {
                return b;
            }
        }

        // Otherwise forward to the next word inside the window, else a hard cut.
        for (int f = next; f < end; f++)
        {
            if (char.IsWhiteSpace(text[f]))
            {
                return f;
            }
        }

        return next;
    }
}
