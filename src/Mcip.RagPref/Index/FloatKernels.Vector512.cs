using System.Runtime.Intrinsics;

namespace Mcip.RagPref.Index;

/// <summary>The <see cref="Vector512{T}"/> kernels (16 floats per chunk).</summary>
internal static unsafe partial class FloatKernels
{
    private static void DotBlockVector512(float* query, float* rows, nint stride, int count, float* scores)
    {
        nint whole = stride & ~(nint)63;
        for (int i = 0; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            nint j = 0;
            for (; j < whole; j += 64)
            {
                a0 = Vector512.MultiplyAddEstimate(Vector512.Load(r + j), Vector512.Load(query + j), a0);
                a1 = Vector512.MultiplyAddEstimate(Vector512.Load(r + j + 16), Vector512.Load(query + j + 16), a1);
                a2 = Vector512.MultiplyAddEstimate(Vector512.Load(r + j + 32), Vector512.Load(query + j + 32), a2);
                a3 = Vector512.MultiplyAddEstimate(Vector512.Load(r + j + 48), Vector512.Load(query + j + 48), a3);
            }

            if (j < stride)
            {
                a0 = Vector512.MultiplyAddEstimate(Vector512.Load(r + j), Vector512.Load(query + j), a0);
                j += 16;
                if (j < stride)
                {
                    a1 = Vector512.MultiplyAddEstimate(Vector512.Load(r + j), Vector512.Load(query + j), a1);
                    j += 16;
                    if (j < stride)
                    {
                        a2 = Vector512.MultiplyAddEstimate(Vector512.Load(r + j), Vector512.Load(query + j), a2);
                    }
                }
            }

            scores[i] = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
    }

    private static void DotBlock2Vector512(float* query0, float* query1, float* rows, nint stride, int count, float* scores0, float* scores1)
    {
        nint whole = stride & ~(nint)63;
        for (int i = 0; i < count; i++)
        {
            float* r = rows + (i * stride);
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            nint j = 0;
            for (; j < whole; j += 64)
            {
                Vector512<float> x0 = Vector512.Load(r + j);
                Vector512<float> x1 = Vector512.Load(r + j + 16);
                Vector512<float> x2 = Vector512.Load(r + j + 32);
                Vector512<float> x3 = Vector512.Load(r + j + 48);
                a0 = Vector512.MultiplyAddEstimate(x0, Vector512.Load(query0 + j), a0);
                a1 = Vector512.MultiplyAddEstimate(x1, Vector512.Load(query0 + j + 16), a1);
                a2 = Vector512.MultiplyAddEstimate(x2, Vector512.Load(query0 + j + 32), a2);
                a3 = Vector512.MultiplyAddEstimate(x3, Vector512.Load(query0 + j + 48), a3);
                b0 = Vector512.MultiplyAddEstimate(x0, Vector512.Load(query1 + j), b0);
                b1 = Vector512.MultiplyAddEstimate(x1, Vector512.Load(query1 + j + 16), b1);
                b2 = Vector512.MultiplyAddEstimate(x2, Vector512.Load(query1 + j + 32), b2);
                b3 = Vector512.MultiplyAddEstimate(x3, Vector512.Load(query1 + j + 48), b3);
            }

            if (j < stride)
            {
                Vector512<float> x = Vector512.Load(r + j);
                a0 = Vector512.MultiplyAddEstimate(x, Vector512.Load(query0 + j), a0);
                b0 = Vector512.MultiplyAddEstimate(x, Vector512.Load(query1 + j), b0);
                j += 16;
                if (j < stride)
                {
                    x = Vector512.Load(r + j);
                    a1 = Vector512.MultiplyAddEstimate(x, Vector512.Load(query0 + j), a1);
                    b1 = Vector512.MultiplyAddEstimate(x, Vector512.Load(query1 + j), b1);
                    j += 16;
                    if (j < stride)
                    {
                        x = Vector512.Load(r + j);
                        a2 = Vector512.MultiplyAddEstimate(x, Vector512.Load(query0 + j), a2);
                        b2 = Vector512.MultiplyAddEstimate(x, Vector512.Load(query1 + j), b2);
                    }
                }
            }

            scores0[i] = Vector512.Sum((a0 + a1) + (a2 + a3));
            scores1[i] = Vector512.Sum((b0 + b1) + (b2 + b3));
        }
    }
}
