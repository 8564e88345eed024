namespace Mcip.RagPref.Tokenization;

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
        int i = 0;
        while (i < text.Length)
        {
            int consumed = WhitespaceLength(text[i..]);
            if (consumed > 0)
            {
                i += consumed;
                continue;
            }

            int start = i;
            while (i < text.Length && (consumed = WhitespaceLength(text[i..])) == 0)
            {
                i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            }

            if (!EncodeChunk(text[start..i], ref sink, ref scratch))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The UTF-16 length of the whitespace code point at the start of <paramref name="text"/>, or 0.</summary>
    private static int WhitespaceLength(ReadOnlySpan<char> text)
    {
        char c = text[0];
        if (c < 0x80)
        {
            return c is ' ' or '\t' or '\n' or '\r' ? 1 : 0;
        }

        // All whitespace beyond ASCII is in the Basic Multilingual Plane.
        return !char.IsSurrogate(c) && BertCharacters.IsWhitespace(c) ? 1 : 0;
    }

    /// <summary>Normalises one whitespace-free chunk, splits it into words and punctuation, and encodes each.</summary>
    private bool EncodeChunk<TSink>(scoped ReadOnlySpan<char> chunk, ref TSink sink, ref WordPieceScratch scratch)
        where TSink : ITokenSink, allows ref struct
    {
        ReadOnlySpan<char> normalized = _normalizer.Normalize(chunk, ref scratch);
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
