using System.Buffers;

namespace Mcip.RagPref.Text;

/// <summary>
/// Picks which windows (and intent units) of an oversize text the encoder sees: the first and the last, then those with the most lexical
/// attack signal (a cheap count of instruction, credential, command and exfiltration terms), then evenly spaced ones.
/// </summary>
/// <remarks>Linear in the text length; stateless and thread-safe.</remarks>
internal static class WindowSelector
{
    // Terms of injected instructions, secrets, persistence, remote code and exfiltration; matched ignoring case.
    private static readonly SearchValues<string> AttackTerms = SearchValues.Create(
        [
            "ignore", "disregard", "forget", "instruction", "system prompt", "system:", "assistant:", "<|", "[inst]", "important",
            "urgent", "you must", "do not tell", "don't tell", "without telling", "secret", "password", "passwd", "token",
            "api key", "api_key", "apikey", "credential", "private key", "ssh", "authorized_keys", ".bashrc", ".profile", "crontab",
            "curl", "wget", "| sh", "|sh", "| bash", "rm -rf", "sudo", "chmod", "base64", "eval(", "exec", "http://", "https://",
            "send ", "email", "forward", "upload", "exfiltrat", "transfer", "delete", "/etc/", "~/", "override", "jailbreak",
            "pretend", "act as", "admin", "bypass",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>The indices, ascending, of at most <paramref name="max"/> windows to screen.</summary>
    public static int[] Select(IReadOnlyList<TextWindow> windows, int max) => Select(windows.Count, i => windows[i].Text, max);

    /// <summary>The indices, ascending, of at most <paramref name="max"/> of the <paramref name="n"/> texts given by <paramref name="text"/>.</summary>
    public static int[] Select(int n, Func<int, string> text, int max)
    {
        if (n <= max)
        {
            int[] all = new int[n];
            for (int i = 0; i < n; i++)
            {
                all[i] = i;
            }

            return all;
        }

        bool[] chosen = new bool[n];
        int count = 0;
        Take(0);
        Take(n - 1);

        // Most lexical signal first; equal signal in text order.
        int[] order = new int[n];
        int[] signal = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            signal[i] = Signal(text(i));
        }

        Array.Sort(order, (a, b) => signal[a] != signal[b] ? signal[b].CompareTo(signal[a]) : a.CompareTo(b));
        for (int k = 0; k < n && count < max && signal[order[k]] > 0; k++)
        {
            Take(order[k]);
        }

        // The rest of the budget evenly over the text.
        int left = max - count;
        for (int k = 0; k < left; k++)
        {
            int i = (int)(((long)(k + 1) * n) / (left + 1));
            while (chosen[i] && i < n - 1)
            {
                i++;
            }

            Take(i);
        }

        int[] picked = new int[count];
        for (int i = 0, j = 0; i < n; i++)
        {
            if (chosen[i])
            {
                picked[j++] = i;
            }
        }

        return picked;

        void Take(int i)
        {
            if (!chosen[i] && count < max)
            {
                chosen[i] = true;
                count++;
            }
        }
    }

    /// <summary>How many attack terms occur in <paramref name="text"/> (overlapping occurrences count once each start).</summary>
    internal static int Signal(ReadOnlySpan<char> text)
    {
        int hits = 0;
        while (true)
        {
            int at = text.IndexOfAny(AttackTerms);
            if (at < 0)
            {
                return hits;
            }

            hits++;
            text = text[(at + 1)..];
        }
    }
}
