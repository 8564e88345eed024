namespace Mcip.RagPref.Flows;

/// <summary>Cuts the passage around a value out of the text it came from: its sentence and the one before, bounded.</summary>
internal static class SourceSegment
{
    internal const int MaxBefore = 320;
    internal const int MaxAfter = 200;

    public static string Around(string text, int start, int end)
    {
        int left = SentenceStart(text, start, Math.Max(0, start - MaxBefore));
        if (left > 0)
        {
            left = SentenceStart(text, left - 1, Math.Max(0, start - MaxBefore));
        }

        int limit = Math.Min(text.Length, end + MaxAfter);
        int right = end;
        while (right < limit && !IsSentenceEnd(text, right))
        {
            right++;
        }

        return text[left..Math.Min(text.Length, right + 1)].Trim();
    }

    private static int SentenceStart(string text, int from, int floor)
    {
        for (int i = from - 1; i >= floor; i--)
        {
            if (IsSentenceEnd(text, i))
            {
                return i + 1;
            }
        }

        return floor;
    }

    private static bool IsSentenceEnd(string text, int i) =>
        text[i] == '\n' || (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
}
