using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mcip.RagPref.Index;

/// <summary>
/// Integer dot products of 16-bit query codes with 8-bit row codes (sign-extended, multiplied pairwise and summed
/// into 32-bit lanes, no overflow for up to 66k dimensions), scaled by the row scale when there is one.
/// </summary>
internal static unsafe class Int8Kernels
{
    /// <summary>The width the int8 kernel really runs with for a requested width (the widest supported one not wider).</summary>
    public static KernelWidth Supported(KernelWidth requested) =>
        requested >= KernelWidth.V512 && Avx512BW.IsSupported ? KernelWidth.V512
        : requested >= KernelWidth.V256 && Avx2.IsSupported ? KernelWidth.V256
        : requested >= KernelWidth.V128 && Sse41.IsSupported ? KernelWidth.V128
        : KernelWidth.Scalar;

    /// <summary>
    /// Scores <paramref name="count"/> code rows: <c>scores[i] = dot(query, row i) * rowScales[i]</c>, or the plain dot
    /// when <paramref name="rowScales"/> is null. <paramref name="codeStride"/> is a multiple of 64.
    /// </summary>
    public static void DotBlock(KernelWidth width, short* query, sbyte* rows, nint codeStride, int count, float* rowScales, float* scores)
    {
        switch (Supported(width))
        {
            case KernelWidth.V512:
                DotBlock512(query, rows, codeStride, count, scores);
                break;
            case KernelWidth.V256:
                DotBlock256(query, rows, codeStride, count, scores);
                break;
            case KernelWidth.V128:
                DotBlock128(query, rows, codeStride, count, scores);
                break;
            default:
                DotBlockScalar(query, rows, codeStride, count, scores);
                break;
        }

        if (rowScales is not null)
        {
            for (int i = 0; i < count; i++)
            {
                scores[i] *= rowScales[i];
            }
        }
    }

    // One row at a time (a single sequential stream), two independent accumulators; integer sums are exact, so the
    // order does not change the result.
    private static void DotBlock512(short* query, sbyte* rows, nint codeStride, int count, float* scores)
    {
        for (int i = 0; i < count; i++)
        {
            sbyte* r = rows + (i * codeStride);
            Vector512<int> a0 = Vector512<int>.Zero, a1 = a0;
            for (nint j = 0; j < codeStride; j += 64)
            {
                a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r + j)), Vector512.Load(query + j));
                a1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r + j + 32)), Vector512.Load(query + j + 32));
            }

            scores[i] = Vector512.Sum(a0 + a1);
        }
    }

    private static void DotBlock256(short* query, sbyte* rows, nint codeStride, int count, float* scores)
    {
        for (int i = 0; i < count; i++)
        {
            sbyte* r = rows + (i * codeStride);
            Vector256<int> a0 = Vector256<int>.Zero, a1 = a0;
            for (nint j = 0; j < codeStride; j += 32)
            {
                a0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r + j), Vector256.Load(query + j));
                a1 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r + j + 16), Vector256.Load(query + j + 16));
            }

            scores[i] = Vector256.Sum(a0 + a1);
        }
    }

    private static void DotBlock128(short* query, sbyte* rows, nint codeStride, int count, float* scores)
    {
        for (int i = 0; i < count; i++)
        {
            sbyte* r = rows + (i * codeStride);
            Vector128<int> a0 = Vector128<int>.Zero, a1 = a0;
            for (nint j = 0; j < codeStride; j += 16)
            {
                a0 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(r + j), Vector128.Load(query + j));
                a1 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(r + j + 8), Vector128.Load(query + j + 8));
            }

            scores[i] = Vector128.Sum(a0 + a1);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DotBlockScalar(short* query, sbyte* rows, nint codeStride, int count, float* scores)
    {
        for (int i = 0; i < count; i++)
        {
            sbyte* r = rows + (i * codeStride);
            int a = 0;
            for (nint j = 0; j < codeStride; j++)
            {
                a += r[j] * query[j];
            }

            scores[i] = a;
        }
    }
}
