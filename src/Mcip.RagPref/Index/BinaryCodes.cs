using System.Numerics;
using System.Runtime.Intrinsics;

namespace Mcip.RagPref.Index;

/// <summary>
/// 1-bit sign codes of every row, built once per index: bit <c>d</c> is set when component <c>d</c> is positive.
/// Rows are <see cref="WordStride"/> 64-bit words; padding bits are zero in rows and queries alike, so they never
/// count towards the Hamming distance.
/// </summary>
internal sealed unsafe class BinaryCodes
{
    private readonly PinnedBuffer _words;

    private BinaryCodes(PinnedBuffer words, int wordStride)
    {
        _words = words;
        WordStride = wordStride;
    }

    /// <summary>Gets the number of 64-bit words per row.</summary>
    public int WordStride { get; }

    /// <summary>Gets the first code row.</summary>
    public ulong* Words => (ulong*)_words.Pointer;

    /// <summary>Returns the words per row for a vector length.</summary>
    public static int WordStrideFor(int dimensions) => (dimensions + 63) / 64;

    /// <summary>Encodes every row of <paramref name="matrix"/> (one vectorised pass over the matrix).</summary>
    public static BinaryCodes Build(VectorMatrix matrix)
    {
        int wordStride = WordStrideFor(matrix.Dimensions);
        var words = new PinnedBuffer((long)matrix.Rows * wordStride * sizeof(ulong));
        ulong* basePointer = (ulong*)words.Pointer;
        int stride = matrix.Stride;
        for (int r = 0; r < matrix.Rows; r++)
        {
            // The padding is zero, so reading the whole stride adds no set bits; 16 floats give 16 bits.
            float* row = matrix.RowPointer(r);
            ulong* destination = basePointer + ((nint)r * wordStride);
            for (int chunk = 0; chunk < stride / 16; chunk++)
            {
                ulong bits = Vector512.GreaterThan(Vector512.Load(row + (chunk * 16)), Vector512<float>.Zero).ExtractMostSignificantBits();
                destination[chunk / 4] |= bits << ((chunk % 4) * 16);
            }
        }

        return new BinaryCodes(words, wordStride);
    }

    /// <summary>Writes the sign bits of <paramref name="vector"/> into <c>WordStrideFor(vector.Length)</c> words.</summary>
    public static void Encode(ReadOnlySpan<float> vector, ulong* destination)
    {
        int wordCount = WordStrideFor(vector.Length);
        for (int w = 0; w < wordCount; w++)
        {
            ulong bits = 0;
            int start = w * 64;
            int end = Math.Min(start + 64, vector.Length);
            for (int d = start; d < end; d++)
            {
                if (vector[d] > 0f)
                {
                    bits |= 1UL << (d - start);
                }
            }

            destination[w] = bits;
        }
    }

    /// <summary>
    /// Scores <paramref name="count"/> code rows by negated Hamming distance to the query code
    /// (higher is closer, like a similarity).
    /// </summary>
    public static void ScoreBlock(ulong* query, ulong* rows, int wordStride, int count, float* scores)
    {
        for (int i = 0; i < count; i++)
        {
            ulong* r = rows + ((nint)i * wordStride);
            int distance = 0;
            for (int w = 0; w < wordStride; w++)
            {
                distance += BitOperations.PopCount(query[w] ^ r[w]);
            }

            scores[i] = -distance;
        }
    }

    /// <summary>Keeps the codes reachable until a pointer loop over them has finished.</summary>
    public void KeepAlive() => _words.KeepAlive();
}
