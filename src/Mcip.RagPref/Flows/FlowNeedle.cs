namespace Mcip.RagPref.Flows;

/// <summary>How a value is looked for in the conversation: the normalised needle, which normalisation, and a fallback.</summary>
/// <param name="Needle">The normalised value.</param>
/// <param name="Alphanumeric">Whether to match against the letters-and-digits form of the text (accounts, phones).</param>
/// <param name="WordBoundaries">Whether the match must not touch letters or digits (user names).</param>
/// <param name="Fallback">A shorter needle tried when the first is not found (a phone's last nine digits, a path's file name), or <see langword="null"/>.</param>
internal readonly record struct FlowNeedle(string Needle, bool Alphanumeric, bool WordBoundaries, string? Fallback)
{
    public static FlowNeedle For(FlowValueKind kind, string value)
    {
        string v = value.Trim();
        switch (kind)
        {
            case FlowValueKind.AccountNumber:
                return new FlowNeedle(AlnumUpper(v), Alphanumeric: true, WordBoundaries: false, null);
            case FlowValueKind.PhoneNumber:
                string digits = AlnumUpper(v);
                return new FlowNeedle(digits, true, false, digits.Length > 9 ? digits[^9..] : null);
            case FlowValueKind.Url:
                return new FlowNeedle(Host(v), false, true, null);
            case FlowValueKind.UserName:
                return new FlowNeedle(v.TrimStart('@', '#').ToLowerInvariant(), false, true, null);
            case FlowValueKind.FilePath:
                string path = Collapse(v.Replace('\\', '/')).ToLowerInvariant();
                path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
                int slash = path.TrimEnd('/').LastIndexOf('/');
                string name = slash >= 0 ? path[(slash + 1)..].TrimEnd('/') : string.Empty;
                return new FlowNeedle(path, false, false, name.Length >= 5 ? name : null);
            case FlowValueKind.Amount:
                string amount = v.TrimStart('$', '€', '£', '¥').Replace(",", string.Empty, StringComparison.Ordinal).Trim();
                if (amount.Contains('.', StringComparison.Ordinal))
                {
                    amount = amount.TrimEnd('0').TrimEnd('.');
                }

                return new FlowNeedle(amount.ToLowerInvariant(), false, true, null);
            case FlowValueKind.Command:
                return new FlowNeedle(Collapse(v).ToLowerInvariant(), false, false, null);
            default:
                return new FlowNeedle(v.ToLowerInvariant(), false, true, null);
        }
    }

    /// <summary>The host of a URL or host name: no scheme, user info, port, path or leading <c>www.</c>; lower case.</summary>
    internal static string Host(string url)
    {
        string s = url.Trim().ToLowerInvariant();
        int scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            s = s[(scheme + 3)..];
        }

        int end = s.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
        {
            s = s[..end];
        }

        int at = s.LastIndexOf('@');
        if (at >= 0)
        {
            s = s[(at + 1)..];
        }

        int colon = s.LastIndexOf(':');
        if (colon >= 0)
        {
            s = s[..colon];
        }

        s = s.TrimEnd('.');
        return s.StartsWith("www.", StringComparison.Ordinal) ? s[4..] : s;
    }

    private static string AlnumUpper(string s)
    {
        Span<char> buffer = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        int n = 0;
        foreach (char c in s)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[n++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }

    private static string Collapse(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
