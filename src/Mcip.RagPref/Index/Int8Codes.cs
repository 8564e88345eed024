using System.Numerics.Tensors;

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

    /// <summary>Encodes every row of <paramref name="matrix"/> (one pass over the matrix; two when per dimension).</summary>
    public static Int8Codes Build(VectorMatrix matrix, bool perDimension)
    {
        int rows = matrix.Rows;
        int dims = matrix.Dimensions;
        int codeStride = CodeStrideFor(dims);
        var codes = new PinnedBuffer((long)rows * codeStride);
        sbyte* basePointer = (sbyte*)codes.Pointer;
        if (perDimension)
        {
            var maxAbs = new float[dims];
            for (int r = 0; r < rows; r++)
            {
                var row = new ReadOnlySpan<float>(matrix.RowPointer(r), dims);
                for (int d = 0; d < dims; d++)
                {
                    maxAbs[d] = MathF.Max(maxAbs[d], MathF.Abs(row[d]));
                }
            }

            var inverse = new float[dims];
            var scales = new float[dims];
            for (int d = 0; d < dims; d++)
            {
                scales[d] = maxAbs[d] / 127f;
                inverse[d] = maxAbs[d] > 0f ? 127f / maxAbs[d] : 0f;
            }

            for (int r = 0; r < rows; r++)
            {
                var row = new ReadOnlySpan<float>(matrix.RowPointer(r), dims);
                sbyte* code = basePointer + ((nint)r * codeStride);
                for (int d = 0; d < dims; d++)
                {
                    code[d] = Quantize(row[d] * inverse[d]);
                }
            }

            return new Int8Codes(codes, codeStride, [], scales, perDimension: true);
        }

        var rowScales = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = new ReadOnlySpan<float>(matrix.RowPointer(r), dims);
            float max = TensorPrimitives.MaxMagnitude(row);
            max = MathF.Abs(max);
            rowScales[r] = max / 127f;
            float inverse = max > 0f ? 127f / max : 0f;
            sbyte* code = basePointer + ((nint)r * codeStride);
            for (int d = 0; d < dims; d++)
            {
                code[d] = Quantize(row[d] * inverse);
            }
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
}
