using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Flows;

/// <summary>
/// Finds the values of a tool call that direct its effect: e-mail addresses, URLs and IBANs anywhere in the arguments,
/// and phone numbers, account numbers, user names, paths, commands and amounts in arguments whose names say so.
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="MaxLeaves"/> leaf values are visited, at most <see cref="MaxScannedChars"/> characters of a
/// string are scanned, nesting deeper than <see cref="MaxDepth"/> is not followed, and at most <see cref="MaxValues"/> values
/// are returned. Linear in the size of the arguments.
/// </remarks>
internal static partial class ArgumentValues
{
    internal const int MaxLeaves = 512;
    internal const int MaxScannedChars = 8192;
    internal const int MaxDepth = 16;
    internal const int MaxValues = 64;
    private const int MaxWholeValueChars = 2048;

    public static List<ExtractedValue> Extract(IReadOnlyDictionary<string, JsonElement> arguments)
    {
        var found = new List<ExtractedValue>();
        var seen = new HashSet<(FlowValueKind, string)>();
        int leaves = 0;
        foreach (KeyValuePair<string, JsonElement> pair in arguments)
        {
            Walk(pair.Key, pair.Key, pair.Value, 0, found, seen, ref leaves);
        }

        return found;
    }

    /// <summary>
    /// The kinds of party values (e-mail addresses, URLs, IBANs) written in free text, such as a user's message: bit
    /// <c>1 &lt;&lt; kind</c> per kind found. Scans at most <see cref="MaxScannedChars"/> characters per text.
    /// </summary>
    public static int KindsIn(string text)
    {
        ReadOnlySpan<char> scanned = text.AsSpan(0, Math.Min(text.Length, MaxScannedChars * 4));
        int kinds = 0;
        if (Email().IsMatch(scanned))
        {
            kinds |= 1 << (int)FlowValueKind.EmailAddress;
        }

        if (Url().IsMatch(scanned))
        {
            kinds |= 1 << (int)FlowValueKind.Url;
        }

        if (Iban().IsMatch(scanned))
        {
            kinds |= 1 << (int)FlowValueKind.AccountNumber;
        }

        return kinds;
    }

    private static void Walk(string key, string path, JsonElement value, int depth, List<ExtractedValue> found, HashSet<(FlowValueKind, string)> seen, ref int leaves)
    {
        if (depth > MaxDepth || leaves >= MaxLeaves || found.Count >= MaxValues)
        {
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    string name = JsonStrings.GetName(property);
                    Walk(name, path + "." + name, property.Value, depth + 1, found, seen, ref leaves);
                }

                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    Walk(key, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), item, depth + 1, found, seen, ref leaves);
                }

                break;
            case JsonValueKind.String:
                leaves++;
                FromString(KeyHint(key), path, JsonStrings.GetString(value), found, seen);
                break;
            case JsonValueKind.Number:
                leaves++;
                Hint hint = KeyHint(key);
                string number = value.GetRawText();
                if (hint is Hint.Amount)
                {
                    Add(found, seen, FlowValueKind.Amount, path, number);
                }
                else if (hint is Hint.Account or Hint.Phone or Hint.Recipient && number.Length >= 6)
                {
                    Add(found, seen, hint is Hint.Phone ? FlowValueKind.PhoneNumber : FlowValueKind.AccountNumber, path, number);
                }

                break;
        }
    }

    private static void FromString(Hint hint, string path, string text, List<ExtractedValue> found, HashSet<(FlowValueKind, string)> seen)
    {
        if (text.Length == 0)
        {
            return;
        }

        ReadOnlySpan<char> scanned = text.AsSpan(0, Math.Min(text.Length, MaxScannedChars));
        string trimmed = text.Length <= MaxWholeValueChars ? text.Trim() : string.Empty;
        bool any = false;
        foreach (ValueMatch m in Email().EnumerateMatches(scanned))
        {
            string email = scanned.Slice(m.Index, m.Length).ToString();
            any |= Add(found, seen, FlowValueKind.EmailAddress, path, email, email.Length != trimmed.Length);
        }

        foreach (ValueMatch m in Url().EnumerateMatches(scanned))
        {
            string url = scanned.Slice(m.Index, m.Length).TrimEnd(".,;:!?").ToString();
            any |= Add(found, seen, FlowValueKind.Url, path, url, url.Length != trimmed.Length);
        }

        foreach (ValueMatch m in Iban().EnumerateMatches(scanned))
        {
            string iban = scanned.Slice(m.Index, m.Length).ToString();
            any |= Add(found, seen, FlowValueKind.AccountNumber, path, iban, iban.Length != trimmed.Length);
        }

        if (trimmed.Length == 0)
        {
            return;
        }

        switch (hint)
        {
            case Hint.Url when !any && BareHost().IsMatch(trimmed):
                Add(found, seen, FlowValueKind.Url, path, trimmed);
                break;
            case Hint.Phone when !any && PhoneLike().IsMatch(trimmed):
                Add(found, seen, FlowValueKind.PhoneNumber, path, trimmed);
                break;
            case Hint.Account when !any && AccountLike().IsMatch(trimmed):
                Add(found, seen, FlowValueKind.AccountNumber, path, trimmed);
                break;
            case Hint.Recipient when !any:
                if (PhoneLike().IsMatch(trimmed) && trimmed.StartsWith('+'))
                {
                    Add(found, seen, FlowValueKind.PhoneNumber, path, trimmed);
                }
                else if (AccountLike().IsMatch(trimmed))
                {
                    Add(found, seen, FlowValueKind.AccountNumber, path, trimmed);
                }
                else if (Handle().IsMatch(trimmed))
                {
                    Add(found, seen, FlowValueKind.UserName, path, trimmed);
                }

                break;
            case Hint.User when !any && Handle().IsMatch(trimmed):
                Add(found, seen, FlowValueKind.UserName, path, trimmed);
                break;
            case Hint.Path when !any && trimmed.Length <= 1024 && trimmed.IndexOfAny(['\n', '\r']) < 0:
                Add(found, seen, FlowValueKind.FilePath, path, trimmed);
                break;
            case Hint.Command:
                Add(found, seen, FlowValueKind.Command, path, trimmed);
                break;
            case Hint.Amount when AmountLike().IsMatch(trimmed):
                Add(found, seen, FlowValueKind.Amount, path, trimmed);
                break;
        }

        if (hint is not Hint.User and not Hint.Recipient && trimmed.StartsWith('@') && Handle().IsMatch(trimmed))
        {
            Add(found, seen, FlowValueKind.UserName, path, trimmed);
        }
        else if (!any && hint is not Hint.Path and not Hint.Command && PathLike().IsMatch(trimmed))
        {
            // A path under any key (target, src, location): what is written to or changed.
            Add(found, seen, FlowValueKind.FilePath, path, trimmed);
        }
    }

    private static bool Add(List<ExtractedValue> found, HashSet<(FlowValueKind, string)> seen, FlowValueKind kind, string path, string value, bool inText = false)
    {
        if (found.Count >= MaxValues || value.Length == 0 || !seen.Add((kind, value)))
        {
            return false;
        }

        found.Add(new ExtractedValue(kind, path, value, inText));
        return true;
    }

    /// <summary>What an argument's name says its value is (the last word of the key that names a kind).</summary>
    private static Hint KeyHint(string key)
    {
        string k = key.ToLowerInvariant();
        if (Contains(k, "iban") || Contains(k, "account") || Contains(k, "bic") || Contains(k, "routing"))
        {
            return Hint.Account;
        }

        if (Contains(k, "phone") || Contains(k, "mobile") || Contains(k, "sms") || Contains(k, "whatsapp") || Contains(k, "number") || Contains(k, "msisdn"))
        {
            return Hint.Phone;
        }

        if (Contains(k, "url") || Contains(k, "uri") || Contains(k, "link") || Contains(k, "webhook") || Contains(k, "endpoint")
            || Contains(k, "host") || Contains(k, "domain") || Contains(k, "website") || Contains(k, "site"))
        {
            return Hint.Url;
        }

        if (Contains(k, "command") || k is "cmd" or "script" or "code" or "shell" or "commandline" or "command_line" or "exec")
        {
            return Hint.Command;
        }

        if (Contains(k, "path") || Contains(k, "file") || Contains(k, "folder") || Contains(k, "directory") || k is "dir" or "dest" or "destination")
        {
            return Hint.Path;
        }

        if (Contains(k, "amount") || Contains(k, "price") || Contains(k, "total") || k is "sum" or "value" or "quantity")
        {
            return Hint.Amount;
        }

        if (Contains(k, "recipient") || Contains(k, "payee") || Contains(k, "beneficiary") || k is "to" or "cc" or "bcc" or "target"
            || Contains(k, "channel") || Contains(k, "chat") || Contains(k, "group") || Contains(k, "room") || Contains(k, "conversation"))
        {
            return Hint.Recipient;
        }

        if (Contains(k, "user") || Contains(k, "member") || Contains(k, "invitee") || Contains(k, "assignee") || Contains(k, "handle")
            || Contains(k, "attendee") || Contains(k, "participant") || Contains(k, "guest") || Contains(k, "owner") || Contains(k, "collaborator"))
        {
            return Hint.User;
        }

        return Hint.None;
    }

    private static bool Contains(string key, string word) => key.Contains(word, StringComparison.Ordinal);

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:(?:https?|ftp)://|www\.)[^\s<>""'`\)\]\}]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Iban();

    [GeneratedRegex(@"^(?:[a-z][a-z0-9+.\-]*://)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?::[0-9]{1,5})?(?:[/?#].*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BareHost();

    [GeneratedRegex(@"^(?:~|\.{1,2})?/[^\s]*$|^[A-Za-z]:\\[^\r\n]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathLike();

    [GeneratedRegex(@"^\+?[0-9][0-9 ().\-]{5,22}[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneLike();

    [GeneratedRegex(@"^[A-Za-z]{0,4}[0-9][0-9 \-]{4,40}[0-9A-Za-z]$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountLike();

    [GeneratedRegex(@"^[@#]?[\p{L}\p{N}][\p{L}\p{N}._\-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Handle();

    [GeneratedRegex(@"^[$€£¥]?\s?[0-9][0-9,. ]{0,20}(?:\s?[A-Za-z]{3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountLike();

    private enum Hint
    {
        None,
        Account,
        Phone,
        Url,
        Command,
        Path,
        Amount,
        Recipient,
        User,
    }
}
