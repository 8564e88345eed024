using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mcip.RagPref.Index;

/// <summary>
/// Fused float32 dot-product kernels over padded rows: score a block of consecutive rows against one query
/// (<see cref="DotBlock"/>) or two queries at once (<see cref="DotBlock2"/>, the batched path: each row is loaded once
/// for both queries).
/// </summary>
/// <remarks>
/// Every (row, query) pair is reduced the same way in every kernel of one width: chunk <c>c</c> of the row (one vector
/// of W floats) is multiply-added into accumulator <c>c mod 4</c>, in increasing <c>c</c>, and the result is
/// <c>Sum((a0 + a1) + (a2 + a3))</c>. So a row's score is bit-identical in single, batched, partitioned and rescoring
/// scans. Rows are read one at a time from start to end (one sequential stream, which the hardware prefetchers follow
/// best). Rows and queries are <c>stride</c> floats long, a multiple of 16, with zero padding.
/// </remarks>
internal static unsafe partial class FloatKernels
{
    /// <summary>The widest width whose vectors are hardware accelerated.</summary>
    public static KernelWidth BestWidth() =>
        Vector512.IsHardwareAccelerated ? KernelWidth.V512
        : Vector256.IsHardwareAccelerated ? KernelWidth.V256
        : Vector128.IsHardwareAccelerated ? KernelWidth.V128
        : KernelWidth.Scalar;

    /// <summary>Scores <paramref name="count"/> rows starting at <paramref name="rows"/> against one query.</summary>
    public static void DotBlock(KernelWidth width, float* query, float* rows, nint stride, int count, float* scores)
    {
        switch (width)
        {
            case KernelWidth.V512:
                DotBlockVector512(query, rows, stride, count, scores);
                break;
            case KernelWidth.V256:
                DotBlockVector256(query, rows, stride, count, scores);
                break;
            case KernelWidth.V128:
                DotBlockVector128(query, rows, stride, count, scores);
                break;
            default:
                DotBlockScalar(query, rows, stride, count, scores);
                break;
        }
    }

    /// <summary>Scores <paramref name="count"/> rows against two queries, loading each row once.</summary>
    public static void DotBlock2(
        KernelWidth width,
        float* query0,
        float* query1,
        float* rows,
        nint stride,
        int count,
        float* scores0,
        float* scores1)
    {
        switch (width)
        {
            case KernelWidth.V512:
                DotBlock2Vector512(query0, query1, rows, stride, count, scores0, scores1);
                break;
            case KernelWidth.V256:
                DotBlock2Vector256(query0, query1, rows, stride, count, scores0, scores1);
                break;
            case KernelWidth.V128:
                DotBlock2Vector128(query0, query1, rows, stride, count, scores0, scores1);
                break;
            default:
                DotBlockScalar(query0, rows, stride, count, scores0);
                DotBlockScalar(query1, rows, stride, count, scores1);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DotBlockScalar(float* query, float* rows, nint stride, int count, float* scores)
    {
        // Chunks of one float, accumulator j mod 4; the stride is a multiple of 16 so every accumulator gets stride / 4.
        for (int i = 0; i < count; i++)
        {
            float* r = rows + (i * stride);
            float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
            for (nint j = 0; j < stride; j += 4)
            {
                a0 += r[j] * query[j];
                a1 += r[j + 1] * query[j + 1];
                a2 += r[j + 2] * query[j + 2];
                a3 += r[j + 3] * query[j + 3];
            }

            scores[i] = (a0 + a1) + (a2 + a3);
        }
    }
}
