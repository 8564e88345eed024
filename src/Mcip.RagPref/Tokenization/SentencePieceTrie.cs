namespace Mcip.RagPref.Tokenization;

/// <summary>
/// A read-only prefix tree over code points holding the pieces of a SentencePiece vocabulary with their
/// scores. Children of each node are kept sorted in flat arrays and found by binary search; the few nodes
/// with many children (the root, ▁) also get a direct table for code points below <see cref="DenseLimit"/>.
/// Immutable and thread-safe.
/// </summary>
internal sealed class SentencePieceTrie
{
    /// <summary>The root node.</summary>
    public const int Root = 0;

    /// <summary>Direct tables cover code points below this value (Latin to Arabic, Indic, punctuation, ▁).</summary>
    private const int DenseLimit = 0x3000;

    /// <summary>Nodes with at least this many children get a direct table.</summary>
    private const int DenseFanout = 32;

    private readonly int[] _childStart;
    private readonly int[] _childCount;
    private readonly int[] _childCodePoints;
    private readonly int[] _childNodes;
    private readonly int[] _pieceIds;
    private readonly double[] _scores;
    private readonly int[] _denseStart;
    private readonly int[] _dense;

    private SentencePieceTrie(int[] childStart, int[] childCount, int[] childCodePoints, int[] childNodes, int[] pieceIds, double[] scores)
    {
        _childStart = childStart;
        _childCount = childCount;
        _childCodePoints = childCodePoints;
        _childNodes = childNodes;
        _pieceIds = pieceIds;
        _scores = scores;

        _denseStart = new int[pieceIds.Length];
        int denseNodes = 0;
        for (int node = 0; node < pieceIds.Length; node++)
        {
            _denseStart[node] = childCount[node] >= DenseFanout ? denseNodes++ * DenseLimit : -1;
        }

        _dense = new int[denseNodes * DenseLimit];
        Array.Fill(_dense, -1);
        for (int node = 0; node < pieceIds.Length; node++)
        {
            if (_denseStart[node] < 0)
            {
                continue;
            }

            for (int c = childStart[node]; c < childStart[node] + childCount[node]; c++)
            {
                if (childCodePoints[c] < DenseLimit)
                {
                    _dense[_denseStart[node] + childCodePoints[c]] = childNodes[c];
                }
            }
        }
    }

    /// <summary>The number of nodes, root included.</summary>
    public int NodeCount => _pieceIds.Length;

    /// <summary>The child of <paramref name="node"/> along <paramref name="codePoint"/>, or -1.</summary>
    public int Child(int node, int codePoint)
    {
        int dense = _denseStart[node];
        if (dense >= 0 && (uint)codePoint < DenseLimit)
        {
            return _dense[dense + codePoint];
        }

        int low = _childStart[node];
        int high = low + _childCount[node] - 1;
        int[] codePoints = _childCodePoints;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            int value = codePoints[middle];
            if (value == codePoint)
            {
                return _childNodes[middle];
            }

            if (value < codePoint)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>The id of the piece that ends at <paramref name="node"/>, or -1 when no piece ends there.</summary>
    public int PieceId(int node) => _pieceIds[node];

    /// <summary>The score of the piece that ends at <paramref name="node"/>.</summary>
    public double Score(int node) => _scores[node];

    /// <summary>Builds the trie; a piece inserted again replaces the earlier id and score.</summary>
    /// <param name="pieces">Each piece as code points, with its id and score; empty pieces are skipped.</param>
    public static SentencePieceTrie Build(IEnumerable<(int[] CodePoints, int Id, double Score)> pieces)
    {
        var children = new List<Dictionary<int, int>?> { null };
        var ids = new List<int> { -1 };
        var scores = new List<double> { 0 };
        foreach ((int[] codePoints, int id, double score) in pieces)
        {
            if (codePoints.Length == 0)
            {
                continue;
            }

            int node = Root;
            foreach (int codePoint in codePoints)
            {
                Dictionary<int, int> map = children[node] ??= [];
                if (!map.TryGetValue(codePoint, out int next))
                {
                    next = ids.Count;
                    map.Add(codePoint, next);
                    children.Add(null);
                    ids.Add(-1);
                    scores.Add(0);
                }

                node = next;
            }

            ids[node] = id;
            scores[node] = score;
        }

        int nodeCount = ids.Count;
        int[] childStart = new int[nodeCount];
        int[] childCount = new int[nodeCount];
        int[] childCodePoints = new int[nodeCount - 1];
        int[] childNodes = new int[nodeCount - 1];
        int offset = 0;
        for (int node = 0; node < nodeCount; node++)
        {
            childStart[node] = offset;
            if (children[node] is not { } map)
            {
                continue;
            }

            childCount[node] = map.Count;
            foreach (KeyValuePair<int, int> edge in map)
            {
                childCodePoints[offset] = edge.Key;
                childNodes[offset] = edge.Value;
                offset++;
            }

            Array.Sort(childCodePoints, childNodes, childStart[node], map.Count);
        }

        return new SentencePieceTrie(childStart, childCount, childCodePoints, childNodes, [.. ids], [.. scores]);
    }
}
