using System.Buffers;
using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// The BERT normaliser applied to one whitespace-free chunk of raw text: clean (drop NUL, U+FFFD and
/// controls), pad CJK ideographs with spaces, lower-case (full Unicode mapping: U+0130 becomes "i" + U+0307
/// and a word-final capital sigma becomes U+03C2), strip accents (NFD, then drop Mn). Immutable and
/// thread-safe; all scratch comes from the caller.
/// </summary>
internal sealed class BertNormalizer
{
    private const char CapitalSigma = '\u03A3';

    private readonly bool _lowerCase;
    private readonly bool _stripAccents;
    private readonly bool _tokenizeChineseChars;

    /// <summary>Whether text is lower-cased.</summary>
    public bool LowerCase => _lowerCase;

    public BertNormalizer(bool lowerCase, bool stripAccents, bool tokenizeChineseChars)
    {
        _lowerCase = lowerCase;
        _stripAccents = stripAccents;
        _tokenizeChineseChars = tokenizeChineseChars;
    }

    /// <summary>
    /// Normalises <paramref name="raw"/>; the result lives in one of the scratch buffers (or is
    /// <paramref name="raw"/> itself when nothing changes). <paramref name="ascii"/> tells whether it is all ASCII.
    /// </summary>
    public ReadOnlySpan<char> Normalize(ReadOnlySpan<char> raw, ref WordPieceScratch scratch, out bool ascii)
    {
        // Printable ASCII (the common case) only needs lower-casing, done vectorised.
        if (!raw.ContainsAnyExceptInRange(' ', '~'))
        {
            ascii = true;
            if (!_lowerCase)
            {
                return raw;
            }

            Span<char> lower = scratch.Cleaned.Get(raw.Length);
            Ascii.ToLower(raw, lower, out int written);
            return lower[..written];
        }

        Span<char> cleaned = scratch.Cleaned.Get(checked(raw.Length * 3));
        int length = Clean(raw, cleaned, out ascii);
        ReadOnlySpan<char> text = cleaned[..length];
        if (ascii)
        {
            if (_lowerCase)
            {
                Ascii.ToLowerInPlace(cleaned[..length], out _);
            }

            return text;
        }

        if (_lowerCase)
        {
            Span<char> lowered = scratch.Lowered.Get(checked(length * 2));
            text = lowered[..ToLowerFull(text, lowered)];
        }

        return _stripAccents ? StripAccents(text, ref scratch) : text;
    }

    private int Clean(ReadOnlySpan<char> raw, Span<char> destination, out bool ascii)
    {
        ascii = true;
        int written = 0;
        int i = 0;
        while (i < raw.Length)
        {
            char c = raw[i];
            if (c < 0x80)
            {
                i++;
                if (c is (< ' ' and not ('\t' or '\n' or '\r')) or '\x7F')
                {
                    continue;
                }

                destination[written++] = c is '\t' or '\n' or '\r' ? ' ' : c;
                continue;
            }

            if (Rune.DecodeFromUtf16(raw[i..], out Rune rune, out int consumed) != OperationStatus.Done)
            {
                i++;
                continue;
            }

            i += consumed;
            int codePoint = rune.Value;
            if (BertCharacters.IsRemoved(codePoint))
            {
                continue;
            }

            if (BertCharacters.IsWhitespace(codePoint))
            {
                destination[written++] = ' ';
                continue;
            }

            ascii = false;
            bool pad = _tokenizeChineseChars && BertCharacters.IsChineseCharacter(codePoint);
            if (pad)
            {
                destination[written++] = ' ';
            }

            written += rune.EncodeToUtf16(destination[written..]);
            if (pad)
            {
                destination[written++] = ' ';
            }
        }

        return written;
    }

    private static int ToLowerFull(ReadOnlySpan<char> text, Span<char> destination)
    {
        int written = 0;
        int i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed);
            if (rune.Value == 0x0130)
            {
                destination[written++] = 'i';
                destination[written++] = '\u0307';
            }
            else if (rune.Value == CapitalSigma)
            {
                destination[written++] = IsFinalSigma(text, i) ? '\u03C2' : '\u03C3';
            }
            else
            {
                written += Rune.ToLowerInvariant(rune).EncodeToUtf16(destination[written..]);
            }

            i += consumed;
        }

        return written;
    }

    /// <summary>The Unicode Final_Sigma condition: a cased letter before (skipping case-ignorables) and none after.</summary>
    private static bool IsFinalSigma(ReadOnlySpan<char> text, int index)
    {
        bool casedBefore = false;
        int i = index;
        while (i > 0)
        {
            Rune.DecodeLastFromUtf16(text[..i], out Rune rune, out int consumed);
            i -= consumed;
            if (!BertCharacters.IsCaseIgnorable(rune.Value))
            {
                casedBefore = BertCharacters.IsCased(rune.Value);
                break;
            }
        }

        if (!casedBefore)
        {
            return false;
        }

        i = index + 1;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed);
            i += consumed;
            if (!BertCharacters.IsCaseIgnorable(rune.Value))
            {
                return !BertCharacters.IsCased(rune.Value);
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> StripAccents(ReadOnlySpan<char> text, ref WordPieceScratch scratch)
    {
        ReadOnlySpan<char> normalized = UnicodeNormalization.Normalize(text, NormalizationForm.FormD, ref scratch.Decomposed);
        int length = normalized.Length;
        Span<char> decomposed = scratch.Decomposed.Get(length);
        if (!normalized.Overlaps(decomposed))
        {
            normalized.CopyTo(decomposed);
        }

        int written = 0;
        int i = 0;
        while (i < length)
        {
            Rune.DecodeFromUtf16(decomposed[i..length], out Rune rune, out int consumed);
            if (CharUnicodeInfo.GetUnicodeCategory(rune.Value) != UnicodeCategory.NonSpacingMark)
            {
                decomposed.Slice(i, consumed).CopyTo(decomposed[written..]);
                written += consumed;
            }

            i += consumed;
        }

        return decomposed[..written];
    }
}
