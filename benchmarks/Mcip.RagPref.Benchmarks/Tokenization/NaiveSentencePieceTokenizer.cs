using System.Text;
using System.Text.Json;

namespace Mcip.RagPref.Benchmarks.Tokenization;

/// <summary>
/// The textbook unigram Viterbi: <see cref="string.Normalize(NormalizationForm)"/>, every substring up to the
/// longest piece looked up in a <see cref="Dictionary{TKey, TValue}"/> of strings. Same conventions as the
/// reference (0 counts as unreached, ties to the later start, unknown runs merged). The benchmark baseline.
/// </summary>
internal sealed class NaiveSentencePieceTokenizer
{
    private readonly Dictionary<string, (int Id, double Score)> _pieces = new(StringComparer.Ordinal);
    private readonly int _longest;

    public NaiveSentencePieceTokenizer(string vocabJsonPath)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(vocabJsonPath));
        int index = 0;
        foreach (JsonElement entry in document.RootElement.EnumerateArray())
        {
            if (index >= 6)
            {
                string piece = entry[0].GetString()!;
                double score = entry[1].ValueKind == JsonValueKind.Number ? entry[1].GetDouble() : 0;
                _pieces[piece] = (index, score);
                _longest = Math.Max(_longest, piece.Length);
            }

            index++;
        }
    }

    public List<int> Encode(string text)
    {
        string normalized = text.Normalize(NormalizationForm.FormKC);
        if (normalized.Length == 0)
        {
            return [];
        }

        string s = "\u2581" + normalized.Replace(' ', '\u2581');
        int n = s.Length;
        double[] best = new double[n + 1];
        int[] ids = new int[n + 1];
        int[] lengths = new int[n + 1];
        for (int start = 0; start < n; start++)
        {
            bool matched = false;
            for (int end = start + 1; end <= Math.Min(n, start + _longest); end++)
            {
                if (_pieces.TryGetValue(s[start..end], out (int Id, double Score) piece))
                {
                    matched = true;
                    Relax(end, piece.Score + best[start], piece.Id, end - start);
                }
            }

            if (!matched)
            {
                Relax(start + 1, best[start], 0, 1);
            }
        }

        var result = new List<int>();
        for (int position = n; position > 0; position -= Math.Max(1, lengths[position]))
        {
            result.Add(ids[position]);
        }

        result.Reverse();
        var merged = new List<int>();
        foreach (int id in result)
        {
            if (!(id == 0 && merged.Count > 0 && merged[^1] == 0))
            {
                merged.Add(id);
            }
        }

        return merged;

        void Relax(int end, double score, int id, int length)
        {
            if (best[end] == 0 || score >= best[end])
            {
                best[end] = score;
                ids[end] = id;
                lengths[end] = length;
            }
        }
    }
}
