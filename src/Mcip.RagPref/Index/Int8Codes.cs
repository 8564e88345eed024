using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Mcip.RagPref.Index;

/// <summary>
/// 8-bit codes of every row, built once per index: <c>code = round(x / scale)</c> in [-127, 127], with one scale per
/// row (<see cref="VectorQuantization.Int8"/>) or per dimension (<see cref="VectorQuantization.Int8PerDimension"/>).
/// Rows are <see cref="CodeStride"/> bytes (dimensions rounded up to 64), padding zero.
/// </summary>
internal sealed unsafe class Int8Codes
{
    private readonly PinnedBuffer _codes;
    private readonly float[] _rowScales;
    private readonly float[] _dimensionScales;

    private Int8Codes(PinnedBuffer codes, int codeStride, float[] rowScales, float[] dimensionScales, bool perDimension)
    {
        _codes = codes;
        CodeStride = codeStride;
        _rowScales = rowScales;
        _dimensionScales = dimensionScales;
        PerDimension = perDimension;
    }

    /// <summary>Gets the distance between consecutive code rows in bytes (a multiple of 64).</summary>
    public int CodeStride { get; }

    /// <summary>Gets whether the scales are per dimension (else per row).</summary>
    public bool PerDimension { get; }

    /// <summary>Gets the first code row.</summary>
    public sbyte* Codes => (sbyte*)_codes.Pointer;

    /// <summary>Gets the per-row scales (empty when <see cref="PerDimension"/>).</summary>
    public float[] RowScales => _rowScales;

    /// <summary>Returns the code stride for a vector length: rounded up to a multiple of 64 bytes.</summary>
    public static int CodeStrideFor(int dimensions) => (dimensions + 63) & ~63;

    /// <summary>
    /// Encodes every row of <paramref name="matrix"/>: one vectorised pass over the matrix (two with per-dimension scales,
    /// the first finding each dimension's largest magnitude).
    /// </summary>
    public static Int8Codes Build(VectorMatrix matrix, bool perDimension)
    {
        int rows = matrix.Rows;
        int dims = matrix.Dimensions;
        int stride = matrix.Stride;
        int codeStride = CodeStrideFor(dims);
        var codes = new PinnedBuffer((long)rows * codeStride);
        sbyte* basePointer = (sbyte*)codes.Pointer;
        if (perDimension)
        {
            var maxAbs = new float[dims];
            var magnitudes = new float[dims];
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Abs(new ReadOnlySpan<float>(matrix.RowPointer(r), dims), magnitudes);
                TensorPrimitives.Max(maxAbs, magnitudes, maxAbs);
            }

            var inverse = GC.AllocateArray<float>(stride, pinned: true);
            var scales = new float[dims];
            for (int d = 0; d < dims; d++)
            {
                scales[d] = maxAbs[d] / 127f;
                inverse[d] = maxAbs[d] > 0f ? 127f / maxAbs[d] : 0f;
            }

            fixed (float* inversePointer = inverse)
            {
                for (int r = 0; r < rows; r++)
                {
                    EncodeRow(matrix.RowPointer(r), inversePointer, 1f, stride, basePointer + ((nint)r * codeStride));
                }
            }

            return new Int8Codes(codes, codeStride, [], scales, perDimension: true);
        }

        var rowScales = GC.AllocateUninitializedArray<float>(rows, pinned: true);
        for (int r = 0; r < rows; r++)
        {
            float* row = matrix.RowPointer(r);
            float max = MathF.Abs(TensorPrimitives.MaxMagnitude(new ReadOnlySpan<float>(row, dims)));
            rowScales[r] = max / 127f;
            EncodeRow(row, null, max > 0f ? 127f / max : 0f, stride, basePointer + ((nint)r * codeStride));
        }

        return new Int8Codes(codes, codeStride, rowScales, [], perDimension: false);
    }

    /// <summary>
    /// Encodes a query into <paramref name="destination"/> (<see cref="CodeStride"/> 16-bit values, padding zero), on
    /// the same scale as the rows so that the integer dot product ranks rows like the float one.
    /// </summary>
    public void EncodeQuery(ReadOnlySpan<float> query, short* destination)
    {
        int dims = query.Length;
        float max = 0f;
        if (PerDimension)
        {
            for (int d = 0; d < dims; d++)
            {
                max = MathF.Max(max, MathF.Abs(query[d] * _dimensionScales[d]));
            }
        }
        else
        {
            max = MathF.Abs(TensorPrimitives.MaxMagnitude(query));
        }

        float inverse = max > 0f ? 127f / max : 0f;
        for (int d = 0; d < dims; d++)
        {
            float value = PerDimension ? query[d] * _dimensionScales[d] : query[d];
            destination[d] = Quantize(value * inverse);
        }

        new Span<short>(destination + dims, CodeStride - dims).Clear();
    }

    /// <summary>Keeps the codes reachable until a pointer loop over them has finished.</summary>
    public void KeepAlive() => _codes.KeepAlive();

    private static sbyte Quantize(float value) => (sbyte)Math.Clamp(MathF.Round(value), -127f, 127f);

    /// <summary>
    /// Writes <c>round(row[j] * inverse * perDimensionInverse[j])</c> (ties to even, clamped to [-127, 127]) for the
    /// whole padded row (<paramref name="stride"/>, a multiple of 16; zero padding encodes to zero).
    /// </summary>
    private static void EncodeRow(float* row, float* perDimensionInverse, float inverse, int stride, sbyte* destination)
    {
        Vector128<float> scale = Vector128.Create(inverse);
        for (int j = 0; j < stride; j += 16)
        {
            Vector128<int> i0 = ToInt(row + j, perDimensionInverse, j, scale);
            Vector128<int> i1 = ToInt(row + j + 4, perDimensionInverse, j + 4, scale);
            Vector128<int> i2 = ToInt(row + j + 8, perDimensionInverse, j + 8, scale);
            Vector128<int> i3 = ToInt(row + j + 12, perDimensionInverse, j + 12, scale);
            Vector128.Narrow(Vector128.Narrow(i0, i1), Vector128.Narrow(i2, i3)).Store(destination + j);
        }
    }

    private static Vector128<int> ToInt(float* source, float* perDimensionInverse, int offset, Vector128<float> scale)
    {
        Vector128<float> value = Vector128.Load(source) * scale;
        if (perDimensionInverse is not null)
        {
            value *= Vector128.Load(perDimensionInverse + offset);
        }

        value = Vector128.Min(Vector128.Max(Vector128.Round(value), Vector128.Create(-127f)), Vector128.Create(127f));
        return Vector128.ConvertToInt32(value);
    }
}
