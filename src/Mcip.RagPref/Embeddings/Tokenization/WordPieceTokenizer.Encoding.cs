using System.Text;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <content>The encoding pipeline: special tokens, whitespace chunks, normalisation, punctuation split, WordPiece.</content>
public sealed partial class WordPieceTokenizer
{
    /// <summary>Encodes the pieces of <paramref name="text"/> (no [CLS]/[SEP]) into <paramref name="sink"/> until it is full.</summary>
    internal void EncodePieces<TSink>(scoped ReadOnlySpan<char> text, ref TSink sink)
        where TSink : ITokenSink, allows ref struct
    {
        var scratch = new WordPieceScratch();
        try
        {
            while (!text.IsEmpty)
            {
                if (_specialTokens is null || !_specialTokens.TryFind(text, out int index, out int length, out int id))
                {
                    EncodeSection(text, ref sink, ref scratch);
                    return;
                }

                if (!EncodeSection(text[..index], ref sink, ref scratch) || !sink.TryAdd(id))
                {
                    return;
                }

                text = text[(index + length)..];
            }
        }
        finally
        {
            scratch.Dispose();
        }
    }

    /// <summary>Encodes text free of special tokens, chunk by chunk between whitespace. False when the sink is full.</summary>
    private bool EncodeSection<TSink>(scoped ReadOnlySpan<char> text, ref TSink sink, ref WordPieceScratch scratch)
        where TSink : ITokenSink, allows ref struct
    {
        // Plain ASCII (the common case): lower-case the whole section at once, then split it with one search.
        if (!text.ContainsAnyExcept(BertCharacters.PlainAscii))
        {
            if (_normalizer.LowerCase)
            {
                Span<char> lower = scratch.Cleaned.Get(text.Length);
                Ascii.ToLower(text, lower, out int written);
                return EncodeAsciiChunk(lower[..written], ref sink, ref scratch);
            }

            return EncodeAsciiChunk(text, ref sink, ref scratch);
        }

        while (true)
        {
            int start = text.IndexOfAnyExcept(BertCharacters.Whitespace);
            if (start < 0)
            {
                return true;
            }

            text = text[start..];
            int end = text.IndexOfAny(BertCharacters.Whitespace);
            if (end < 0)
            {
                return EncodeChunk(text, ref sink, ref scratch);
            }

            if (!EncodeChunk(text[..end], ref sink, ref scratch))
            {
                return false;
            }

            text = text[end..];
        }
    }

    /// <summary>Normalises one whitespace-free chunk, splits it into words and punctuation, and encodes each.</summary>
    private bool EncodeChunk<TSink>(scoped ReadOnlySpan<char> chunk, ref TSink sink, ref WordPieceScratch scratch)
        where TSink : ITokenSink, allows ref struct
    {
        ReadOnlySpan<char> normalized = _normalizer.Normalize(chunk, ref scratch, out bool ascii);
        if (ascii)
        {
            return EncodeAsciiChunk(normalized, ref sink, ref scratch);
        }

        int wordStart = 0;
        int wordCodePoints = 0;
        int i = 0;
        while (i < normalized.Length)
        {
            int codePoint;
            int width;
            char c = normalized[i];
            if (char.IsHighSurrogate(c) && i + 1 < normalized.Length)
            {
                codePoint = char.ConvertToUtf32(c, normalized[i + 1]);
                width = 2;
            }
            else
            {
                codePoint = c;
                width = 1;
            }

            bool space = codePoint == ' ';
            if (space || BertCharacters.IsPunctuation(codePoint))
            {
                if (i > wordStart && !EncodeWord(normalized[wordStart..i], wordCodePoints, ref sink, ref scratch))
                {
                    return false;
                }

                if (!space && !EncodeWord(normalized.Slice(i, width), 1, ref sink, ref scratch))
                {
                    return false;
                }

                wordStart = i + width;
                wordCodePoints = 0;
            }
            else
            {
                wordCodePoints++;
            }

            i += width;
        }

        return i <= wordStart || EncodeWord(normalized[wordStart..], wordCodePoints, ref sink, ref scratch);
    }

    /// <summary>Normalised ASCII text (lower-cased when configured): words end at whitespace and punctuation, found with a vectorised search.</summary>
    private bool EncodeAsciiChunk<TSink>(scoped ReadOnlySpan<char> text, ref TSink sink, ref WordPieceScratch scratch)
        where TSink : ITokenSink, allows ref struct
    {
        while (!text.IsEmpty)
        {
            int end = text.IndexOfAny(BertCharacters.AsciiWordBreaks);
            if (end < 0)
            {
                return EncodeWord(text, text.Length, ref sink, ref scratch);
            }

            if (end > 0 && !EncodeWord(text[..end], end, ref sink, ref scratch))
            {
                return false;
            }

            if (text[end] is not (' ' or '\t' or '\n' or '\r') && !EncodeWord(text.Slice(end, 1), 1, ref sink, ref scratch))
            {
                return false;
            }

            text = text[(end + 1)..];
        }

        return true;
    }

    /// <summary>Greedy longest-match-first WordPiece; a word that cannot be spelled is one [UNK].</summary>
    private bool EncodeWord<TSink>(scoped ReadOnlySpan<char> word, int codePoints, ref TSink sink, ref WordPieceScratch scratch)
        where TSink : ITokenSink, allows ref struct
    {
        if (codePoints > _maxInputCharsPerWord)
        {
            return sink.TryAdd(UnkId);
        }

        if (_lookup.TryGetValue(word, out int whole))
        {
            return sink.TryAdd(whole);
        }

        // buffer = "##" + word. A continuation candidate word[start..end] is read as buffer[start..end + 2]
        // after writing "##" over buffer[start..start + 2], which holds already consumed characters.
        Span<char> buffer = scratch.Word.Get(word.Length + 2);
        buffer[0] = '#';
        buffer[1] = '#';
        word.CopyTo(buffer[2..]);
        Span<int> pieces = scratch.Pieces.Get(word.Length);
        int count = 0;
        int start = 0;
        while (start < word.Length)
        {
            int end = Math.Min(word.Length, start + (start == 0 ? _maxPieceLength : _maxContinuationLength));
            if (end < word.Length && end > start && char.IsLowSurrogate(word[end]))
            {
                end--;
            }

            if (start > 0)
            {
                buffer[start] = '#';
                buffer[start + 1] = '#';
            }

            int id = -1;
            while (end > start)
            {
                ReadOnlySpan<char> candidate = start == 0 ? buffer.Slice(2, end) : buffer[start..(end + 2)];
                if (_lookup.TryGetValue(candidate, out id))
                {
                    break;
                }

                id = -1;
                end--;
                if (end > start && char.IsLowSurrogate(word[end]))
                {
                    end--;
                }
            }

            if (id < 0)
            {
                return sink.TryAdd(UnkId);
            }

            pieces[count++] = id;
            start = end;
        }

        for (int p = 0; p < count; p++)
        {
            if (!sink.TryAdd(pieces[p]))
            {
                return false;
            }
        }

        return true;
    }
}
