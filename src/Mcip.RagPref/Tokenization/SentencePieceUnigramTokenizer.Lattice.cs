namespace Mcip.RagPref.Tokenization;

/// <content>Best-score segmentation over the piece lattice.</content>
public sealed partial class SentencePieceUnigramTokenizer
{
    /// <summary>
    /// Finds the best-scoring segmentation of <paramref name="symbols"/> and returns its ids with runs of
    /// unknowns merged. Follows the reference exactly, including its conventions: a boundary whose best
    /// score is 0 counts as unreached (any candidate replaces it), ties go to the later start (the shorter
    /// last piece), and reading back from a boundary nothing reached yields an unknown of one symbol.
    /// </summary>
    private ReadOnlySpan<int> Segment(ReadOnlySpan<int> symbols, ref SentencePieceScratch scratch)
    {
        int n = symbols.Length;
        Span<double> best = scratch.Best.Get(n + 1)[..(n + 1)];
        Span<int> words = scratch.Words.Get(n + 1)[..(n + 1)];
        best.Clear();
        words.Clear();

        // Forward relaxation in increasing start order visits, for each end, its candidates in the same
        // order as the reference's per-end loop over increasing starts, so ties resolve identically.
        for (int start = 0; start < n; start++)
        {
            double prefix = best[start];
            bool matched = false;
            int node = SentencePieceTrie.Root;
            for (int end = start; end < n;)
            {
                node = _trie.Child(node, symbols[end]);
                if (node < 0)
                {
                    break;
                }

                end++;
                int id = _trie.PieceId(node);
                if (id >= 0)
                {
                    matched = true;
                    Relax(best, words, end, _trie.Score(node) + prefix, id);
                }
            }

            if (!matched)
            {
                Relax(best, words, start + 1, prefix, UnknownId);
            }
        }

        Span<int> results = scratch.Results.Get(n);
        int count = 0;
        for (int position = n; position > 0; position -= _backtrackLengths[words[position]])
        {
            results[count++] = words[position];
        }

        // Reverse into text order, keeping one id of every run of unknowns.
        int written = 0;
        bool previousUnknown = false;
        for (int k = count - 1; k >= 0; k--)
        {
            int id = results[k];
            bool unknown = id == UnknownId;
            if (!(unknown && previousUnknown))
            {
                words[written++] = id;
            }

            previousUnknown = unknown;
        }

        return words[..written];
    }

    private static void Relax(Span<double> best, Span<int> words, int end, double score, int id)
    {
        if (best[end] == 0 || score >= best[end])
        {
            best[end] = score;
            words[end] = id;
        }
    }
}
