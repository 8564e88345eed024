using System.Buffers;
using System.Numerics.Tensors;

namespace Mcip.RagPref.Embeddings.Lexical;

/// <summary>
/// Turns a text into a unit vector of signed, hashed n-gram counts (the hot path of
/// <see cref="HashedNGramEmbeddingGenerator"/>). Stateless after construction and safe to use from many threads;
/// scratch comes from <see cref="ArrayPool{T}.Shared"/> and is returned before each call ends.
/// </summary>
internal sealed class HashedNGramFeaturizer
{
    private const ulong CharKind = 1;
    private const ulong WordKind = 2;
    private const ulong EmptyKind = 3;

    private readonly int _dimensions;
    private readonly int _minChar;
    private readonly int _maxChar;
    private readonly int _minWord;
    private readonly int _maxWord;
    private readonly float _charScale;
    private readonly float _wordScale;

    public HashedNGramFeaturizer(HashedNGramEmbeddingOptions options)
    {
        _dimensions = options.Dimensions;
        _minChar = options.MinCharNGram;
        _maxChar = options.MaxCharNGram;
        _minWord = options.MinWordNGram;
        _maxWord = options.MaxWordNGram;
        double total = options.CharWeight + options.WordWeight;
        _charScale = (float)Math.Sqrt(options.CharWeight / total);
        _wordScale = (float)Math.Sqrt(options.WordWeight / total);
    }

    /// <summary>
    /// Writes the unit vector of <paramref name="text"/> to <paramref name="destination"/> (exactly the dimension long).
    /// </summary>
    public void Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        destination.Clear();
        char[] normalized = ArrayPool<char>.Shared.Rent(text.Length + 2);
        try
        {
            ReadOnlySpan<char> padded = normalized.AsSpan(0, Normalize(text, normalized));
            bool any = _charScale > 0 && AddCharPart(padded, destination);
            if (_wordScale > 0)
            {
                any |= AddWordPart(padded, destination);
            }

            if (!any)
            {
                ulong empty = StableHash.Hash(EmptyKind, []);
                destination[StableHash.Bucket(empty, _dimensions)] = StableHash.Sign(empty);
                return;
            }

            // A part alone, or two parts whose buckets overlap, is not unit length yet.
            float norm = TensorPrimitives.Norm(destination);
            TensorPrimitives.Divide(destination, norm, destination);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(normalized);
        }
    }

    /// <summary>
    /// Lower-cases (ASCII exactly, other letters by the invariant culture's simple mapping), turns every run of white
    /// space and control characters into one space, and pads both ends with a space. Returns the length written.
    /// </summary>
    internal static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        int length = 0;
        destination[length++] = ' ';
        foreach (char c in text)
        {
            if (c < 0x80)
            {
                if (c <= ' ' || c == 0x7F)
                {
                    if (destination[length - 1] != ' ')
                    {
                        destination[length++] = ' ';
                    }
                }
                else
                {
                    destination[length++] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
                }
            }
            else if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (destination[length - 1] != ' ')
                {
                    destination[length++] = ' ';
                }
            }
            else
            {
                destination[length++] = char.ToLowerInvariant(c);
            }
        }

        if (destination[length - 1] != ' ')
        {
            destination[length++] = ' ';
        }

        return length;
    }

    /// <summary>
    /// Counts every character n-gram (lengths min..max, overlapping, spaces included) and adds the part, scaled to its
    /// weight share, to <paramref name="destination"/> (still all zero). Returns false when there is no n-gram.
    /// </summary>
    private bool AddCharPart(ReadOnlySpan<char> text, Span<float> destination)
    {
        using var counter = new FeatureCounter((_maxChar - _minChar + 1) * text.Length);
        ulong seed = StableHash.Seed(CharKind);
        for (int start = 0; start + _minChar <= text.Length; start++)
        {
            ulong hash = seed;
            int longest = Math.Min(_maxChar, text.Length - start);
            for (int n = 1; n <= longest; n++)
            {
                hash = StableHash.Step(hash, text[start + n - 1]);
                if (n >= _minChar)
                {
                    counter.Add(StableHash.Finish(hash));
                }
            }
        }

        if (counter.Total == 0)
        {
            return false;
        }

        counter.AccumulateInto(destination);
        return ScalePart(destination, _charScale);
    }

    /// <summary>
    /// Counts every word n-gram (words are maximal runs of letters, digits and '_'; an n-gram is n adjacent words
    /// joined by one space) and adds the part, scaled to its weight share, to <paramref name="destination"/>.
    /// Returns false when there is no word.
    /// </summary>
    private bool AddWordPart(ReadOnlySpan<char> text, Span<float> destination)
    {
        // (start, length) pairs: at most one word per two characters of the padded text.
        int[] tokens = ArrayPool<int>.Shared.Rent(text.Length + 1);
        float[] part = ArrayPool<float>.Shared.Rent(_dimensions);
        try
        {
            int words = 0;
            for (int i = 0; i < text.Length;)
            {
                if (!IsWordChar(text[i]))
                {
                    i++;
                    continue;
                }

                int start = i;
                while (i < text.Length && IsWordChar(text[i]))
                {
                    i++;
                }

                tokens[2 * words] = start;
                tokens[(2 * words) + 1] = i - start;
                words++;
            }

            if (words == 0)
            {
                return false;
            }

            using var counter = new FeatureCounter((_maxWord - _minWord + 1) * words);
            ulong seed = StableHash.Seed(WordKind);
            for (int first = 0; first < words; first++)
            {
                ulong hash = seed;
                int longest = Math.Min(_maxWord, words - first);
                for (int n = 1; n <= longest; n++)
                {
                    int word = first + n - 1;
                    if (n > 1)
                    {
                        hash = StableHash.Step(hash, ' ');
                    }

                    hash = StableHash.Append(hash, text.Slice(tokens[2 * word], tokens[(2 * word) + 1]));
                    if (n >= _minWord)
                    {
                        counter.Add(StableHash.Finish(hash));
                    }
                }
            }

            if (counter.Total == 0)
            {
                return false;
            }

            Span<float> wordVector = part.AsSpan(0, _dimensions);
            wordVector.Clear();
            counter.AccumulateInto(wordVector);
            if (!ScalePart(wordVector, _wordScale))
            {
                return false;
            }

            TensorPrimitives.Add(destination, wordVector, destination);
            return true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(tokens);
            ArrayPool<float>.Shared.Return(part);
        }
    }

    private static bool IsWordChar(char c) =>
        c < 0x80 ? char.IsAsciiLetterOrDigit(c) || c == '_' : char.IsLetterOrDigit(c);

    /// <summary>
    /// Scales an accumulated part to length <paramref name="scale"/>. Returns false when it is all zero (its features
    /// cancelled out in shared buckets, possible with two features of opposite sign).
    /// </summary>
    private static bool ScalePart(Span<float> part, float scale)
    {
        float norm = TensorPrimitives.Norm(part);
        if (norm == 0)
        {
            return false;
        }

        TensorPrimitives.Multiply(part, scale / norm, part);
        return true;
    }
}
