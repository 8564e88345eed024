namespace Mcip.RagPref.Stores;

/// <summary>
/// Cuts a text into fixed-size character windows that overlap by a fixed amount, as the RAG-Pref
/// reference code does (256 / 10 by default). Windows never split a surrogate pair.
/// </summary>
internal static class CharacterChunker
{
    /// <summary>
    /// Appends the windows of <paramref name="text"/> to <paramref name="windows"/> as (start, length)
    /// pairs. A text no longer than <paramref name="size"/> (or any text when <paramref name="size"/> is 0)
    /// yields one window covering it all.
    /// </summary>
    /// <param name="text">The text to cut.</param>
    /// <param name="size">The window size in UTF-16 code units: 0 (no chunking) or at least 2.</param>
    /// <param name="overlap">Characters shared by consecutive windows: at least 0 and less than <paramref name="size"/>.</param>
    /// <param name="windows">Receives the windows in order.</param>
    public static void Split(string text, int size, int overlap, List<(int Start, int Length)> windows)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(windows);
        if (size == 0 || text.Length <= size)
        {
            windows.Add((0, text.Length));
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, size);

        int start = 0;
        while (true)
        {
            int end = Math.Min(start + size, text.Length);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]) && char.IsLowSurrogate(text[end]))
            {
                end--;
            }

            windows.Add((start, end - start));
            if (end == text.Length)
            {
                return;
            }

            int next = Math.Max(end - overlap, start + 1);
            if (char.IsLowSurrogate(text[next]) && char.IsHighSurrogate(text[next - 1]))
            {
                next++;
            }

            start = next;
        }
    }
}
