using System.Text;

namespace Mcip.RagPref.Tokenization;

/// <summary>
/// The SentencePiece unigram tokenizer of Universal Sentence Encoder Lite, giving the same ids as the
/// TensorFlow.js implementation (<c>@energetic-ai/embeddings</c> 0.2.0): NFKC normalisation, U+2581 (▁) for
/// every space and at the start, best-score (Viterbi) segmentation over the vocabulary's pieces, unknown
/// characters as id 0 with consecutive unknowns merged into one.
/// </summary>
/// <remarks>
/// Ids are positions in the vocabulary file: the first 6 entries are reserved (id 0 is the unknown token,
/// 1-5 are control symbols never produced), pieces follow. Immutable and thread-safe; the span overload does
/// not allocate in steady state. Empty text (or text that normalises to nothing) gives no ids at all.
/// </remarks>
public sealed partial class SentencePieceUnigramTokenizer
{
    /// <summary>The number of reserved entries at the start of the vocabulary (never matched as pieces).</summary>
    internal const int ReservedCount = 6;

    /// <summary>The word-boundary marker U+2581 (▁) that stands for spaces.</summary>
    internal const char Separator = '\u2581';

    /// <summary>NFKC expands one UTF-16 unit to at most 18 (U+FDFA).</summary>
    private const int MaxNormalizationExpansion = 18;

    private readonly SentencePieceTrie _trie;
    private readonly int[] _backtrackLengths;

    /// <summary>The id of the unknown token: 0. A run of characters the vocabulary cannot spell gives one such id.</summary>
    public const int UnknownId = 0;

    /// <summary>The number of entries of the vocabulary, reserved ones included (ids run from 0 to this value minus 1).</summary>
    public int VocabularySize { get; }

    /// <summary>
    /// The largest number of ids a text of <paramref name="textLength"/> UTF-16 units can produce:
    /// 18 × <paramref name="textLength"/> + 1 (NFKC can expand a character up to 18 units, and ▁ is prefixed),
    /// capped at <see cref="int.MaxValue"/>. A destination this long is always enough for
    /// <see cref="EncodeToIds(ReadOnlySpan{char}, Span{int})"/>; in practice about one id per 3-4 characters is produced.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="textLength"/> is negative.</exception>
    public static int GetMaxTokenCount(int textLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(textLength);
        return textLength == 0 ? 0 : (int)Math.Min(int.MaxValue, (MaxNormalizationExpansion * (long)textLength) + 1);
    }

    /// <summary>Encodes <paramref name="text"/> into <paramref name="destination"/>.</summary>
    /// <param name="text">The text; any content is accepted.</param>
    /// <param name="destination">
    /// Receives the ids; it must hold at least as many as the text produces (<see cref="CountTokens"/>).
    /// <see cref="GetMaxTokenCount"/>(<c>text.Length</c>) elements are always enough.
    /// </param>
    /// <returns>The number of ids written (0 for empty text).</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public int EncodeToIds(ReadOnlySpan<char> text, Span<int> destination)
    {
        var scratch = new SentencePieceScratch();
        try
        {
            ReadOnlySpan<int> ids = Encode(text, ref scratch);
            if (ids.Length > destination.Length)
            {
                throw new ArgumentException($"The destination holds {destination.Length} elements but the text gives {ids.Length} ids. Size it with GetMaxTokenCount(text.Length) or CountTokens(text).", nameof(destination));
            }

            ids.CopyTo(destination);
            return ids.Length;
        }
        finally
        {
            scratch.Dispose();
        }
    }

    /// <summary>Encodes <paramref name="text"/> and returns the ids (empty for empty text).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public int[] EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = new SentencePieceScratch();
        try
        {
            return Encode(text, ref scratch).ToArray();
        }
        finally
        {
            scratch.Dispose();
        }
    }

    /// <summary>The number of ids <paramref name="text"/> encodes to.</summary>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        var scratch = new SentencePieceScratch();
        try
        {
            return Encode(text, ref scratch).Length;
        }
        finally
        {
            scratch.Dispose();
        }
    }

    /// <summary>Runs the whole pipeline; the ids live in <paramref name="scratch"/>.</summary>
    private ReadOnlySpan<int> Encode(ReadOnlySpan<char> text, ref SentencePieceScratch scratch)
    {
        ReadOnlySpan<char> normalized = UnicodeNormalization.Normalize(text, NormalizationForm.FormKC, ref scratch.Normalized);
        if (normalized.IsEmpty)
        {
            return [];
        }

        Span<int> symbols = scratch.Symbols.Get(normalized.Length + 1);
        int count = ToSymbols(normalized, symbols);
        return Segment(symbols[..count], ref scratch);
    }

    /// <summary>▁ first, then one symbol per code point (an unpaired surrogate is a symbol of its own), ▁ for each space.</summary>
    private static int ToSymbols(ReadOnlySpan<char> text, Span<int> symbols)
    {
        int count = 0;
        symbols[count++] = Separator;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ' ')
            {
                symbols[count++] = Separator;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                symbols[count++] = char.ConvertToUtf32(c, text[i + 1]);
                i++;
            }
            else
            {
                symbols[count++] = c;
            }
        }

        return count;
    }
}
