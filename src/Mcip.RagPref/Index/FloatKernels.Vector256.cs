using System.Runtime.Intrinsics;

namespace Mcip.RagPref.Index;

/// <summary>The <see cref="Vector256{T}"/> kernels (8 floats per chunk).</summary>
internal static unsafe partial class FloatKernels
{
    private static void DotBlockVector256(float* query, float* rows, nint stride, int count, float* scores)
    {
        nint whole = stride & ~(nint)31;
        for (int i = 0; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            nint j = 0;
            for (; j < whole; j += 32)
            {
                a0 = Vector256.MultiplyAddEstimate(Vector256.Load(r + j), Vector256.Load(query + j), a0);
                a1 = Vector256.MultiplyAddEstimate(Vector256.Load(r + j + 8), Vector256.Load(query + j + 8), a1);
                a2 = Vector256.MultiplyAddEstimate(Vector256.Load(r + j + 16), Vector256.Load(query + j + 16), a2);
                a3 = Vector256.MultiplyAddEstimate(Vector256.Load(r + j + 24), Vector256.Load(query + j + 24), a3);
            }

            if (j < stride)
            {
                a0 = Vector256.MultiplyAddEstimate(Vector256.Load(r + j), Vector256.Load(query + j), a0);
                j += 8;
                if (j < stride)
                {
                    a1 = Vector256.MultiplyAddEstimate(Vector256.Load(r + j), Vector256.Load(query + j), a1);
                    j += 8;
                    if (j < stride)
                    {
                        a2 = Vector256.MultiplyAddEstimate(Vector256.Load(r + j), Vector256.Load(query + j), a2);
                    }
                }
            }

            scores[i] = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
    }

    private static void DotBlock2Vector256(float* query0, float* query1, float* rows, nint stride, int count, float* scores0, float* scores1)
    {
        nint whole = stride & ~(nint)31;
        for (int i = 0; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            nint j = 0;
            for (; j < whole; j += 32)
            {
                Vector256<float> x0 = Vector256.Load(r + j);
                Vector256<float> x1 = Vector256.Load(r + j + 8);
                Vector256<float> x2 = Vector256.Load(r + j + 16);
                Vector256<float> x3 = Vector256.Load(r + j + 24);
                a0 = Vector256.MultiplyAddEstimate(x0, Vector256.Load(query0 + j), a0);
                a1 = Vector256.MultiplyAddEstimate(x1, Vector256.Load(query0 + j + 8), a1);
                a2 = Vector256.MultiplyAddEstimate(x2, Vector256.Load(query0 + j + 16), a2);
                a3 = Vector256.MultiplyAddEstimate(x3, Vector256.Load(query0 + j + 24), a3);
                b0 = Vector256.MultiplyAddEstimate(x0, Vector256.Load(query1 + j), b0);
                b1 = Vector256.MultiplyAddEstimate(x1, Vector256.Load(query1 + j + 8), b1);
                b2 = Vector256.MultiplyAddEstimate(x2, Vector256.Load(query1 + j + 16), b2);
                b3 = Vector256.MultiplyAddEstimate(x3, Vector256.Load(query1 + j + 24), b3);
            }

            if (j < stride)
            {
                Vector256<float> x = Vector256.Load(r + j);
                a0 = Vector256.MultiplyAddEstimate(x, Vector256.Load(query0 + j), a0);
                b0 = Vector256.MultiplyAddEstimate(x, Vector256.Load(query1 + j), b0);
                j += 8;
                if (j < stride)
                {
                    x = Vector256.Load(r + j);
                    a1 = Vector256.MultiplyAddEstimate(x, Vector256.Load(query0 + j), a1);
                    b1 = Vector256.MultiplyAddEstimate(x, Vector256.Load(query1 + j), b1);
                    j += 8;
                    if (j < stride)
                    {
                        x = Vector256.Load(r + j);
                        a2 = Vector256.MultiplyAddEstimate(x, Vector256.Load(query0 + j), a2);
                        b2 = Vector256.MultiplyAddEstimate(x, Vector256.Load(query1 + j), b2);
                    }
                }
            }

            scores0[i] = Vector256.Sum((a0 + a1) + (a2 + a3));
            scores1[i] = Vector256.Sum((b0 + b1) + (b2 + b3));
        }
    }
}
