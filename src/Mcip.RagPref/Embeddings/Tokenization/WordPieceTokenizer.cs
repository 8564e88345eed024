using System.Collections.Frozen;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// A WordPiece tokenizer that gives the same ids as the Hugging Face <c>BertTokenizer</c> (fast and slow):
/// text cleaning, CJK splitting, lower-casing, accent stripping, punctuation splitting, greedy
/// longest-match-first sub-words with the <c>##</c> prefix, <c>[CLS]</c> … <c>[SEP]</c>.
/// </summary>
/// <remarks>
/// Immutable and thread-safe once created: one instance can serve every thread. The span overloads do not
/// allocate in steady state (scratch comes from <see cref="System.Buffers.ArrayPool{T}"/>).
/// Create with <see cref="Create(string, WordPieceTokenizerOptions?)"/> or <see cref="Create(Stream, WordPieceTokenizerOptions?)"/>.
/// <para>
/// Checked id for id against Hugging Face tokenizers on 1,906 strings (edge cases, random Unicode, real
/// prompts). Details that follow the reference: unassigned code points are kept (not removed as controls),
/// lower-casing uses the full Unicode mapping with the final-sigma rule, special-token strings in the text
/// are recognised (see <see cref="WordPieceTokenizerOptions.SplitSpecialTokens"/>). CJK ideographs outside
/// the Basic Multilingual Plane are split like the others, as the Python and Rust implementations do.
/// Character properties come from the .NET runtime's Unicode tables, so characters added in very recent
/// Unicode versions may be classified differently.
/// </para>
/// </remarks>
public sealed partial class WordPieceTokenizer
{
    private readonly FrozenDictionary<string, int> _vocabulary;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly BertNormalizer _normalizer;
    private readonly SpecialTokenMatcher? _specialTokens;
    private readonly int _maxInputCharsPerWord;
    private readonly int _maxPieceLength;
    private readonly int _maxContinuationLength;

    /// <summary>The id of the classification token (<c>[CLS]</c>) that starts every sequence.</summary>
    public int ClsId { get; }

    /// <summary>The id of the separator token (<c>[SEP]</c>) that ends every sequence.</summary>
    public int SepId { get; }

    /// <summary>The id of the padding token (<c>[PAD]</c>) used by <see cref="EncodeBatch"/>.</summary>
    public int PadId { get; }

    /// <summary>The id of the unknown token (<c>[UNK]</c>) for words the vocabulary cannot spell.</summary>
    public int UnkId { get; }

    /// <summary>The number of lines of the vocabulary (ids run from 0 to this value minus 1).</summary>
    public int VocabularySize { get; }

    /// <summary>The default maximum sequence length, special tokens included (see <see cref="WordPieceTokenizerOptions.MaxLength"/>).</summary>
    public int MaxLength { get; }

    /// <summary>Whether text is lower-cased.</summary>
    internal bool LowerCase { get; }

    /// <summary>Whether accents are stripped.</summary>
    internal bool StripAccents { get; }

    /// <summary>
    /// Encodes <paramref name="text"/> as <c>[CLS] pieces [SEP]</c> into <paramref name="destination"/>,
    /// truncating the pieces so that the total, special tokens included, is at most <paramref name="maxTokens"/>.
    /// </summary>
    /// <param name="text">The text; any content is accepted (invalid UTF-16 and controls are dropped).</param>
    /// <param name="destination">
    /// Receives the ids. It must hold at least <c>min(maxTokens, n)</c> elements, where <c>n</c> is the
    /// untruncated count (<see cref="CountTokens"/>); a destination of <paramref name="maxTokens"/> elements is always enough.
    /// </param>
    /// <param name="maxTokens">The largest number of ids to write, special tokens included; at least 2.</param>
    /// <returns>The number of ids written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is less than 2.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short for the result.</exception>
    public int EncodeToIds(ReadOnlySpan<char> text, Span<long> destination, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        if (destination.Length < 2)
        {
            throw new ArgumentException($"The destination holds {destination.Length} elements; at least 2 are needed for [CLS] and [SEP] (give it maxTokens = {maxTokens} elements).", nameof(destination));
        }

        destination[0] = ClsId;
        int room = Math.Min(maxTokens, destination.Length) - 2;
        var sink = new SpanTokenSink(destination[1..], room);
        EncodePieces(text, ref sink);
        if (sink.Overflowed && destination.Length < maxTokens)
        {
            throw new ArgumentException($"The destination holds {destination.Length} elements but the text needs more (up to maxTokens = {maxTokens}). Pass a destination of maxTokens elements.", nameof(destination));
        }

        destination[sink.Count + 1] = SepId;
        return sink.Count + 2;
    }

    /// <summary>Encodes <paramref name="text"/> as <c>[CLS] pieces [SEP]</c> and returns the ids.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxTokens">The largest number of ids, special tokens included (at least 2); <see langword="null"/> (default) for no truncation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is less than 2.</exception>
    public int[] EncodeToIds(string text, int? maxTokens = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        int limit = maxTokens ?? int.MaxValue;
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2, nameof(maxTokens));
        var sink = new PooledTokenSink();
        try
        {
            sink.BeginSegment(limit - 2);
            EncodePieces(text, ref sink);
            int[] ids = new int[sink.Count + 2];
            ids[0] = ClsId;
            sink.Ids.CopyTo(ids.AsSpan(1));
            ids[^1] = SepId;
            return ids;
        }
        finally
        {
            sink.Dispose();
        }
    }

    /// <summary>Counts the ids <paramref name="text"/> encodes to, special tokens included, without truncation.</summary>
    /// <param name="text">The text.</param>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        var sink = new CountingTokenSink();
        EncodePieces(text, ref sink);
        return sink.Count + 2;
    }

    /// <summary>
    /// Encodes several texts into one padded batch: each row is <c>[CLS] pieces [SEP]</c> truncated to
    /// <paramref name="maxTokens"/>, rows are padded with <see cref="PadId"/> to the longest row, the
    /// attention mask is 1 on tokens and 0 on padding, token type ids are 0.
    /// </summary>
    /// <param name="texts">The texts (none null). An empty list gives an empty batch.</param>
    /// <param name="maxTokens">The largest row length, special tokens included (at least 2); <see langword="null"/> (default) for <see cref="MaxLength"/>.</param>
    /// <returns>A batch whose buffers are pooled: dispose it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    /// <exception cref="ArgumentException">An element of <paramref name="texts"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is less than 2.</exception>
    internal TokenBatch EncodeBatch(IReadOnlyList<string> texts, int? maxTokens = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int limit = maxTokens ?? MaxLength;
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2, nameof(maxTokens));
        int rows = texts.Count;
        var sink = new PooledTokenSink();
        var ends = new PooledBuffer<int>();
        try
        {
            Span<int> rowEnds = ends.Get(rows);
            int longest = 0;
            for (int row = 0; row < rows; row++)
            {
                string text = texts[row] ?? throw new ArgumentException($"texts[{row}] is null; every text must be a string (use \"\" for nothing).", nameof(texts));
                int start = sink.Count;
                sink.BeginSegment(limit - 2);
                EncodePieces(text, ref sink);
                rowEnds[row] = sink.Count;
                longest = Math.Max(longest, sink.Count - start);
            }

            return TokenBatch.Create(sink.Ids, rowEnds[..rows], rows == 0 ? 0 : longest + 2, ClsId, SepId, PadId);
        }
        finally
        {
            ends.Dispose();
            sink.Dispose();
        }
    }
}
