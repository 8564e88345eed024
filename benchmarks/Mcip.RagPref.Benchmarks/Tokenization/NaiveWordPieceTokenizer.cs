using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Benchmarks.Tokenization;

/// <summary>
/// The textbook WordPiece tokenizer: string normalisation, <see cref="string.Split(char[])"/>, substrings and a
/// <see cref="Dictionary{TKey, TValue}"/> of strings. The baseline the span-based tokenizer is measured against.
/// </summary>
internal sealed class NaiveWordPieceTokenizer
{
    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);

    public NaiveWordPieceTokenizer(string vocabPath)
    {
        int id = 0;
        foreach (string line in File.ReadLines(vocabPath))
        {
            _vocabulary[line] = id++;
        }
    }

    public List<int> Encode(string text)
    {
        var ids = new List<int> { _vocabulary["[CLS]"] };
        var spaced = new StringBuilder();
        string lowered = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        foreach (char c in lowered)
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark || (char.IsControl(c) && !char.IsWhiteSpace(c)))
            {
                continue;
            }

            if (char.IsPunctuation(c) || (c < 0x80 && char.IsSymbol(c)))
            {
                spaced.Append(' ').Append(c).Append(' ');
            }
            else
            {
                spaced.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }
        }

        foreach (string word in spaced.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            ids.AddRange(EncodeWord(word));
        }

        ids.Add(_vocabulary["[SEP]"]);
        return ids;
    }

    private List<int> EncodeWord(string word)
    {
        var pieces = new List<int>();
        if (word.Length > 100)
        {
            pieces.Add(_vocabulary["[UNK]"]);
            return pieces;
        }

        int start = 0;
        while (start < word.Length)
        {
            int end = word.Length;
            int found = -1;
            while (start < end)
            {
                string candidate = (start > 0 ? "##" : string.Empty) + word[start..end];
                if (_vocabulary.TryGetValue(candidate, out found))
                {
                    break;
                }

                found = -1;
                end--;
            }

            if (found < 0)
            {
                return [_vocabulary["[UNK]"]];
            }

            pieces.Add(found);
            start = end;
        }

        return pieces;
    }
}
