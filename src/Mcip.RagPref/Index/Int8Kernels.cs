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

    private static void DotBlock512(short* query, sbyte* rows, nint codeStride, int count, float* scores)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            sbyte* r0 = rows + (i * codeStride);
            sbyte* r1 = r0 + codeStride;
            sbyte* r2 = r1 + codeStride;
            sbyte* r3 = r2 + codeStride;
            Vector512<int> a0 = Vector512<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (nint j = 0; j < codeStride; j += 32)
            {
                Vector512<short> q = Vector512.Load(query + j);
                a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r0 + j)), q);
                a1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r1 + j)), q);
                a2 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r2 + j)), q);
                a3 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r3 + j)), q);
            }

            scores[i] = Vector512.Sum(a0);
            scores[i + 1] = Vector512.Sum(a1);
            scores[i + 2] = Vector512.Sum(a2);
            scores[i + 3] = Vector512.Sum(a3);
        }

        for (; i < count; i++)
        {
            sbyte* r = rows + (i * codeStride);
            Vector512<int> a = Vector512<int>.Zero;
            for (nint j = 0; j < codeStride; j += 32)
            {
                a += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r + j)), Vector512.Load(query + j));
            }

            scores[i] = Vector512.Sum(a);
        }
    }

    private static void DotBlock256(short* query, sbyte* rows, nint codeStride, int count, float* scores)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            sbyte* r0 = rows + (i * codeStride);
            sbyte* r1 = r0 + codeStride;
            sbyte* r2 = r1 + codeStride;
            sbyte* r3 = r2 + codeStride;
            Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (nint j = 0; j < codeStride; j += 16)
            {
                Vector256<short> q = Vector256.Load(query + j);
                a0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r0 + j), q);
                a1 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r1 + j), q);
                a2 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r2 + j), q);
                a3 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r3 + j), q);
            }

            scores[i] = Vector256.Sum(a0);
            scores[i + 1] = Vector256.Sum(a1);
            scores[i + 2] = Vector256.Sum(a2);
            scores[i + 3] = Vector256.Sum(a3);
        }

        for (; i < count; i++)
        {
            sbyte* r = rows + (i * codeStride);
            Vector256<int> a = Vector256<int>.Zero;
            for (nint j = 0; j < codeStride; j += 16)
            {
                a += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r + j), Vector256.Load(query + j));
            }

            scores[i] = Vector256.Sum(a);
        }
    }

    private static void DotBlock128(short* query, sbyte* rows, nint codeStride, int count, float* scores)
    {
        for (int i = 0; i < count; i++)
        {
            sbyte* r = rows + (i * codeStride);
            Vector128<int> a = Vector128<int>.Zero;
            for (nint j = 0; j < codeStride; j += 8)
            {
                a += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(r + j), Vector128.Load(query + j));
            }

            scores[i] = Vector128.Sum(a);
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
