using System.Buffers;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// Finds special tokens (such as <c>[CLS]</c> or <c>[MASK]</c>) written literally in raw text, leftmost
/// first and longest at a position, the way Hugging Face tokenizers split added tokens before
/// normalisation. Immutable and thread-safe.
/// </summary>
internal sealed class SpecialTokenMatcher
{
    private readonly string[] _tokens;
    private readonly int[] _ids;
    private readonly SearchValues<char> _firstChars;

    /// <param name="tokens">Token strings with their ids; empty strings are ignored.</param>
    public SpecialTokenMatcher(IReadOnlyList<KeyValuePair<string, int>> tokens)
    {
        List<KeyValuePair<string, int>> usable = [];
        foreach (KeyValuePair<string, int> token in tokens)
        {
            if (token.Key.Length > 0 && !usable.Exists(t => t.Key == token.Key))
            {
                usable.Add(token);
            }
        }

        // Longest first, so the first match at a position is the longest.
        usable.Sort((a, b) => b.Key.Length.CompareTo(a.Key.Length));
        _tokens = new string[usable.Count];
        _ids = new int[usable.Count];
        char[] first = new char[usable.Count];
        for (int i = 0; i < usable.Count; i++)
        {
            _tokens[i] = usable[i].Key;
            _ids[i] = usable[i].Value;
            first[i] = usable[i].Key[0];
        }

        _firstChars = SearchValues.Create(first);
    }

    /// <summary>
    /// Finds the first special token in <paramref name="text"/>: its start, length and id. Returns
    /// <see langword="false"/> when there is none.
    /// </summary>
    public bool TryFind(ReadOnlySpan<char> text, out int index, out int length, out int id)
    {
        int offset = 0;
        while (_tokens.Length > 0)
        {
            int found = text[offset..].IndexOfAny(_firstChars);
            if (found < 0)
            {
                break;
            }

            int at = offset + found;
            ReadOnlySpan<char> rest = text[at..];
            for (int t = 0; t < _tokens.Length; t++)
            {
                if (rest.StartsWith(_tokens[t], StringComparison.Ordinal))
                {
                    index = at;
                    length = _tokens[t].Length;
                    id = _ids[t];
                    return true;
                }
            }

            offset = at + 1;
        }

        index = -1;
        length = 0;
        id = -1;
        return false;
    }
}
