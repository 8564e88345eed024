using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mcip.RagPref.Index;

/// <summary>
/// Fused float32 dot-product kernels over padded rows: scores a block of consecutive rows against one padded query.
/// </summary>
/// <remarks>
/// Every row is reduced the same way whatever its position in a block (one accumulator per row, chunks in order,
/// then a horizontal sum), so the score of a row is bit-identical in single, batched, partitioned and rescoring
/// scans of one width. Rows and the query are <c>stride</c> floats long, a multiple of 16, with zero padding.
/// </remarks>
internal static unsafe class FloatKernels
{
    /// <summary>Scores <paramref name="count"/> rows starting at <paramref name="rows"/> into <paramref name="scores"/>.</summary>
    public static void DotBlock(KernelWidth width, float* query, float* rows, nint stride, int count, float* scores)
    {
        switch (width)
        {
            case KernelWidth.V512:
                DotBlock512(query, rows, stride, count, scores);
                break;
            case KernelWidth.V256:
                DotBlock256(query, rows, stride, count, scores);
                break;
            case KernelWidth.V128:
                DotBlock128(query, rows, stride, count, scores);
                break;
            default:
                DotBlockScalar(query, rows, stride, count, scores);
                break;
        }
    }

    /// <summary>The widest width whose vectors are hardware accelerated.</summary>
    public static KernelWidth BestWidth() =>
        Vector512.IsHardwareAccelerated ? KernelWidth.V512
        : Vector256.IsHardwareAccelerated ? KernelWidth.V256
        : Vector128.IsHardwareAccelerated ? KernelWidth.V128
        : KernelWidth.Scalar;

    private static void DotBlock512(float* query, float* rows, nint stride, int count, float* scores)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            float* r0 = rows + (i * stride);
            float* r1 = r0 + stride;
            float* r2 = r1 + stride;
            float* r3 = r2 + stride;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (nint j = 0; j < stride; j += 16)
            {
                Vector512<float> q = Vector512.Load(query + j);
                a0 = Vector512.MultiplyAddEstimate(Vector512.Load(r0 + j), q, a0);
                a1 = Vector512.MultiplyAddEstimate(Vector512.Load(r1 + j), q, a1);
                a2 = Vector512.MultiplyAddEstimate(Vector512.Load(r2 + j), q, a2);
                a3 = Vector512.MultiplyAddEstimate(Vector512.Load(r3 + j), q, a3);
            }

            scores[i] = Vector512.Sum(a0);
            scores[i + 1] = Vector512.Sum(a1);
            scores[i + 2] = Vector512.Sum(a2);
            scores[i + 3] = Vector512.Sum(a3);
        }

        for (; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector512<float> a = Vector512<float>.Zero;
            for (nint j = 0; j < stride; j += 16)
            {
                a = Vector512.MultiplyAddEstimate(Vector512.Load(r + j), Vector512.Load(query + j), a);
            }

            scores[i] = Vector512.Sum(a);
        }
    }

    private static void DotBlock256(float* query, float* rows, nint stride, int count, float* scores)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            float* r0 = rows + (i * stride);
            float* r1 = r0 + stride;
            float* r2 = r1 + stride;
            float* r3 = r2 + stride;
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (nint j = 0; j < stride; j += 8)
            {
                Vector256<float> q = Vector256.Load(query + j);
                a0 = Vector256.MultiplyAddEstimate(Vector256.Load(r0 + j), q, a0);
                a1 = Vector256.MultiplyAddEstimate(Vector256.Load(r1 + j), q, a1);
                a2 = Vector256.MultiplyAddEstimate(Vector256.Load(r2 + j), q, a2);
                a3 = Vector256.MultiplyAddEstimate(Vector256.Load(r3 + j), q, a3);
            }

            scores[i] = Vector256.Sum(a0);
            scores[i + 1] = Vector256.Sum(a1);
            scores[i + 2] = Vector256.Sum(a2);
            scores[i + 3] = Vector256.Sum(a3);
        }

        for (; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector256<float> a = Vector256<float>.Zero;
            for (nint j = 0; j < stride; j += 8)
            {
                a = Vector256.MultiplyAddEstimate(Vector256.Load(r + j), Vector256.Load(query + j), a);
            }

            scores[i] = Vector256.Sum(a);
        }
    }

    private static void DotBlock128(float* query, float* rows, nint stride, int count, float* scores)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            float* r0 = rows + (i * stride);
            float* r1 = r0 + stride;
            float* r2 = r1 + stride;
            float* r3 = r2 + stride;
            Vector128<float> a0 = Vector128<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (nint j = 0; j < stride; j += 4)
            {
                Vector128<float> q = Vector128.Load(query + j);
                a0 = Vector128.MultiplyAddEstimate(Vector128.Load(r0 + j), q, a0);
                a1 = Vector128.MultiplyAddEstimate(Vector128.Load(r1 + j), q, a1);
                a2 = Vector128.MultiplyAddEstimate(Vector128.Load(r2 + j), q, a2);
                a3 = Vector128.MultiplyAddEstimate(Vector128.Load(r3 + j), q, a3);
            }

            scores[i] = Vector128.Sum(a0);
            scores[i + 1] = Vector128.Sum(a1);
            scores[i + 2] = Vector128.Sum(a2);
            scores[i + 3] = Vector128.Sum(a3);
        }

        for (; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector128<float> a = Vector128<float>.Zero;
            for (nint j = 0; j < stride; j += 4)
            {
                a = Vector128.MultiplyAddEstimate(Vector128.Load(r + j), Vector128.Load(query + j), a);
            }

            scores[i] = Vector128.Sum(a);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DotBlockScalar(float* query, float* rows, nint stride, int count, float* scores)
    {
        for (int i = 0; i < count; i++)
        {
            float* r = rows + (i * stride);
            float a = 0f;
            for (nint j = 0; j < stride; j++)
            {
                a += r[j] * query[j];
            }

            scores[i] = a;
        }
    }
}
