using System.Runtime.Intrinsics;

namespace Mcip.RagPref.Index;

/// <summary>The <see cref="Vector128{T}"/> kernels (4 floats per chunk).</summary>
internal static unsafe partial class FloatKernels
{
    private static void DotBlockVector128(float* query, float* rows, nint stride, int count, float* scores)
    {
        nint whole = stride & ~(nint)15;
        for (int i = 0; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector128<float> a0 = Vector128<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            nint j = 0;
            for (; j < whole; j += 16)
            {
                a0 = Vector128.MultiplyAddEstimate(Vector128.Load(r + j), Vector128.Load(query + j), a0);
                a1 = Vector128.MultiplyAddEstimate(Vector128.Load(r + j + 4), Vector128.Load(query + j + 4), a1);
                a2 = Vector128.MultiplyAddEstimate(Vector128.Load(r + j + 8), Vector128.Load(query + j + 8), a2);
                a3 = Vector128.MultiplyAddEstimate(Vector128.Load(r + j + 12), Vector128.Load(query + j + 12), a3);
            }

            if (j < stride)
            {
                a0 = Vector128.MultiplyAddEstimate(Vector128.Load(r + j), Vector128.Load(query + j), a0);
                j += 4;
                if (j < stride)
                {
                    a1 = Vector128.MultiplyAddEstimate(Vector128.Load(r + j), Vector128.Load(query + j), a1);
                    j += 4;
                    if (j < stride)
                    {
                        a2 = Vector128.MultiplyAddEstimate(Vector128.Load(r + j), Vector128.Load(query + j), a2);
                    }
                }
            }

            scores[i] = Vector128.Sum((a0 + a1) + (a2 + a3));
        }
    }

    private static void DotBlock2Vector128(float* query0, float* query1, float* rows, nint stride, int count, float* scores0, float* scores1)
    {
        nint whole = stride & ~(nint)15;
        for (int i = 0; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector128<float> a0 = Vector128<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            nint j = 0;
            for (; j < whole; j += 16)
            {
                Vector128<float> x0 = Vector128.Load(r + j);
                Vector128<float> x1 = Vector128.Load(r + j + 4);
                Vector128<float> x2 = Vector128.Load(r + j + 8);
                Vector128<float> x3 = Vector128.Load(r + j + 12);
                a0 = Vector128.MultiplyAddEstimate(x0, Vector128.Load(query0 + j), a0);
                a1 = Vector128.MultiplyAddEstimate(x1, Vector128.Load(query0 + j + 4), a1);
                a2 = Vector128.MultiplyAddEstimate(x2, Vector128.Load(query0 + j + 8), a2);
                a3 = Vector128.MultiplyAddEstimate(x3, Vector128.Load(query0 + j + 12), a3);
                b0 = Vector128.MultiplyAddEstimate(x0, Vector128.Load(query1 + j), b0);
                b1 = Vector128.MultiplyAddEstimate(x1, Vector128.Load(query1 + j + 4), b1);
                b2 = Vector128.MultiplyAddEstimate(x2, Vector128.Load(query1 + j + 8), b2);
                b3 = Vector128.MultiplyAddEstimate(x3, Vector128.Load(query1 + j + 12), b3);
            }

            if (j < stride)
            {
                Vector128<float> x = Vector128.Load(r + j);
                a0 = Vector128.MultiplyAddEstimate(x, Vector128.Load(query0 + j), a0);
                b0 = Vector128.MultiplyAddEstimate(x, Vector128.Load(query1 + j), b0);
                j += 4;
                if (j < stride)
                {
                    x = Vector128.Load(r + j);
                    a1 = Vector128.MultiplyAddEstimate(x, Vector128.Load(query0 + j), a1);
                    b1 = Vector128.MultiplyAddEstimate(x, Vector128.Load(query1 + j), b1);
                    j += 4;
                    if (j < stride)
                    {
                        x = Vector128.Load(r + j);
                        a2 = Vector128.MultiplyAddEstimate(x, Vector128.Load(query0 + j), a2);
                        b2 = Vector128.MultiplyAddEstimate(x, Vector128.Load(query1 + j), b2);
                    }
                }
            }

            scores0[i] = Vector128.Sum((a0 + a1) + (a2 + a3));
            scores1[i] = Vector128.Sum((b0 + b1) + (b2 + b3));
        }
    }
}
