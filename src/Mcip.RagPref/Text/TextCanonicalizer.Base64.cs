using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Mcip.RagPref.Text;

/// <summary>Step 4 (optional): decoding of embedded base64.</summary>
internal sealed partial class TextCanonicalizer
{
    /// <summary>
    /// Finds runs of base64 characters (standard or URL-safe alphabet, optional padding) of at least the configured length,
    /// decodes those that are valid UTF-8 and at least 90% printable with at least one letter, canonicalises the decoded
    /// text and appends it (after one space) unless the text already contains it. Decoded texts are searched again, so
    /// nested encodings are unwrapped; each level is shorter than the one before, and the segment cap bounds the work.
    /// </summary>
    private string AppendDecodedBase64(string text, ref FindingsAccumulator findings)
    {
        StringBuilder? result = null;
        Queue<string>? pending = null;
        string current = text;
        while (true)
        {
            int i = 0;
            while (i < current.Length && findings.DecodedCount < maxBase64Segments)
            {
                if (!IsBase64Char(current[i]))
                {
                    i++;
                    continue;
                }

                int start = i;
                while (i < current.Length && IsBase64Char(current[i]))
                {
                    i++;
                }

                int end = i;
                while (i < current.Length && i - end < 2 && current[i] == '=')
                {
                    i++;
                }

                if (end - start < minBase64Length || TryDecodeBase64(current.AsSpan(start, end - start)) is not string decoded)
                {
                    continue;
                }

                FindingsAccumulator nested = default;
                string canonical = CanonicalizeCore(decoded, ref nested);
                string accumulated = result?.ToString() ?? text;
                if (canonical.Length == 0 || accumulated.Contains(canonical, StringComparison.Ordinal))
                {
                    continue;
                }

                findings.Merge(nested);
                findings.AddDecodedBase64(canonical);
                result ??= new StringBuilder(text, text.Length + canonical.Length + 1);
                if (result.Length > 0)
                {
                    result.Append(' ');
                }

                result.Append(canonical);
                (pending ??= new Queue<string>()).Enqueue(canonical);
            }

            if (pending is null || pending.Count == 0 || findings.DecodedCount >= maxBase64Segments)
            {
                return result?.ToString() ?? text;
            }

            current = pending.Dequeue();
        }
    }

    private static bool IsBase64Char(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '-' or '_';

    /// <summary>Decodes a run of base64 characters (no padding) to text, or returns <see langword="null"/> when it is not readable text.</summary>
    internal static string? TryDecodeBase64(ReadOnlySpan<char> run)
    {
        bool standard = run.ContainsAny('+', '/');
        bool urlSafe = run.ContainsAny('-', '_');
        if ((standard && urlSafe) || run.Length % 4 == 1)
        {
            return null;
        }

        int padded = (run.Length + 3) / 4 * 4;
        char[] chars = ArrayPool<char>.Shared.Rent(padded);
        byte[] bytes = ArrayPool<byte>.Shared.Rent(padded / 4 * 3);
        try
        {
            run.CopyTo(chars);
            if (urlSafe)
            {
                chars.AsSpan(0, run.Length).Replace('-', '+');
                chars.AsSpan(0, run.Length).Replace('_', '/');
            }

            chars.AsSpan(run.Length, padded - run.Length).Fill('=');
            if (!Convert.TryFromBase64Chars(chars.AsSpan(0, padded), bytes, out int written)
                || !Utf8.IsValid(bytes.AsSpan(0, written)))
            {
                return null;
            }

            string decoded = Encoding.UTF8.GetString(bytes, 0, written);
            return IsReadable(decoded) ? decoded : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static bool IsReadable(string text)
    {
        int printable = 0;
        bool letter = false;
        foreach (char c in text)
        {
            if (c == '\0')
            {
                return false;
            }

            if (!char.IsControl(c) || c is '\t' or '\n' or '\r')
            {
                printable++;
            }

            letter |= char.IsLetter(c);
        }

        return letter && printable * 10 >= text.Length * 9;
    }
}
