using System.Text;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// Unicode normalisation (NFD, NFKC, …) of arbitrary UTF-16 into pooled scratch. Unlike
/// <see cref="string.Normalize(NormalizationForm)"/> it accepts every input: unpaired surrogates and U+FFFE
/// (which .NET rejects) are passed through unchanged, as JavaScript's <c>String.prototype.normalize</c> does.
/// </summary>
internal static class UnicodeNormalization
{
    /// <summary>
    /// Normalises <paramref name="source"/>. Returns <paramref name="source"/> itself when it is already
    /// normalised, else a span of <paramref name="buffer"/>.
    /// </summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> source, NormalizationForm form, ref PooledBuffer<char> buffer)
    {
        // ASCII is unchanged by every normalisation form.
        if (Ascii.IsValid(source))
        {
            return source;
        }

        int firstInvalid = IndexOfInvalid(source);
        if (firstInvalid < 0 && source.IsNormalized(form))
        {
            return source;
        }

        int written = 0;
        while (!source.IsEmpty)
        {
            int invalid = IndexOfInvalid(source);
            ReadOnlySpan<char> segment = invalid < 0 ? source : source[..invalid];
            if (!segment.IsEmpty)
            {
                if (segment.IsNormalized(form))
                {
                    Span<char> destination = buffer.Grow(written + segment.Length, written);
                    segment.CopyTo(destination[written..]);
                    written += segment.Length;
                }
                else
                {
                    int length = segment.GetNormalizedLength(form);
                    Span<char> destination = buffer.Grow(written + length, written);
                    segment.TryNormalize(destination[written..], out int normalized, form);
                    written += normalized;
                }
            }

            if (invalid < 0)
            {
                break;
            }

            buffer.Grow(written + 1, written)[written++] = source[invalid];
            source = source[(invalid + 1)..];
        }

        return buffer.Current[..written];
    }

    /// <summary>The index of the first unpaired surrogate or U+FFFE, or -1.</summary>
    private static int IndexOfInvalid(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < '\uD800')
            {
                continue;
            }

            if (c == '\uFFFE')
            {
                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }
}
