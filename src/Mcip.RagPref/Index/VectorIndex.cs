namespace Mcip.RagPref.Index;

/// <summary>
/// Exact k-nearest-neighbour search by dot product (cosine similarity for unit vectors) over the rows of a
/// <see cref="VectorMatrix"/>, each row carrying one label byte; one scan returns the top-k of every label at once.
/// </summary>
/// <remarks>
/// <para>
/// Results: <see cref="Search"/> fills caller-provided buffers (no allocation per call) with, for each label
/// <c>l</c>, up to k hits in <c>hits[(l * k)..(l * k + hitCounts[l])]</c>, ordered by similarity descending, then row
/// ascending. <c>hitCounts[l]</c> is <c>min(k, RowsWithLabel(l))</c> (fewer only when a quantised candidate list
/// misses, which cannot happen when the candidate list holds the true neighbours). Similarities are always exact
/// float32 dot products; quantised modes (<see cref="VectorIndexOptions.Quantization"/>) only choose the candidates.
/// </para>
/// <para>
/// Inputs: queries and stored vectors must be finite with a Euclidean norm within 1e-3 of 1 (normalise them first);
/// a query that is not throws <see cref="ArgumentException"/>, and so does <see cref="Create"/> for a stored row when
/// <see cref="VectorIndexOptions.ValidateVectors"/> is on.
/// </para>
/// <para>
/// Immutability and cost: an index is an immutable snapshot. Creating one copies the labels (one byte per row),
/// optionally validates the rows (one read of the matrix) and, for quantised modes, encodes every row (one or two
/// reads of the matrix; int8 codes take a quarter of the matrix's memory, binary codes a thirty-second). The matrix is
/// not copied or owned: keep it unchanged and alive while the index is used (disposing it makes later searches throw
/// <see cref="ObjectDisposedException"/>; running searches finish first).
/// </para>
/// <para>Thread safety: all members are safe to call concurrently from any number of threads.</para>
/// </remarks>
internal sealed unsafe partial class VectorIndex
{
    /// <summary>The largest accepted deviation of a vector's Euclidean norm from 1.</summary>
    public const float NormTolerance = 1e-3f;

    private readonly VectorMatrix _matrix;
    private readonly PinnedBuffer _labels;
    private readonly int[] _rowsPerLabel;
    private readonly Int8Codes? _int8;
    private readonly BinaryCodes? _binary;
    private readonly KernelWidth _width;

    private VectorIndex(
        VectorMatrix matrix,
        PinnedBuffer labels,
        int[] rowsPerLabel,
        VectorIndexOptions options,
        Int8Codes? int8,
        BinaryCodes? binary)
    {
        _matrix = matrix;
        _labels = labels;
        _rowsPerLabel = rowsPerLabel;
        Options = options;
        _int8 = int8;
        _binary = binary;
        _width = options.ForcedWidth ?? FloatKernels.BestWidth();
    }

    /// <summary>Gets the searched matrix (not owned by the index).</summary>
    public VectorMatrix Matrix => _matrix;

    /// <summary>Gets the number of rows.</summary>
    public int Count => _matrix.Rows;

    /// <summary>Gets the vector length every query must have.</summary>
    public int Dimensions => _matrix.Dimensions;

    /// <summary>Gets the number of labels: labels are <c>0 .. LabelCount - 1</c> and results have one list per label.</summary>
    public int LabelCount => _rowsPerLabel.Length;

    /// <summary>Gets the options the index was created with.</summary>
    public VectorIndexOptions Options { get; }

    /// <summary>Gets the kernel width the scans use.</summary>
    internal KernelWidth Width => _width;

    /// <summary>
    /// Creates an index over <paramref name="matrix"/> with one label per row.
    /// </summary>
    /// <param name="matrix">The rows to search; not copied, not owned.</param>
    /// <param name="labels">One label per row (copied), each below <paramref name="labelCount"/>.</param>
    /// <param name="labelCount">The number of labels, 1 to 256 (the Stores layer uses 2: 0 benign, 1 attack).</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="VectorIndexOptions.Default"/>.</param>
    /// <returns>The index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelCount"/> is outside 1..256.</exception>
    /// <exception cref="ArgumentException">
    /// The label count does not match the rows, a label is out of range, an option is out of range, or (with
    /// validation on) a row is not a finite unit vector with zero padding.
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="matrix"/> has been disposed.</exception>
    public static VectorIndex Create(VectorMatrix matrix, ReadOnlySpan<byte> labels, int labelCount, VectorIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(labelCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(labelCount, 256);
        options ??= VectorIndexOptions.Default;
        ValidateOptions(options);
        if (labels.Length != matrix.Rows)
        {
            throw new ArgumentException(
                $"Expected one label per row ({matrix.Rows}), but found {labels.Length}: pass exactly one label byte per matrix row.",
                nameof(labels));
        }

        var labelBuffer = new PinnedBuffer(labels.Length);
        var rowsPerLabel = new int[labelCount];
        for (int row = 0; row < labels.Length; row++)
        {
            byte label = labels[row];
            if (label >= labelCount)
            {
                throw new ArgumentException(
                    $"Labels must be below the label count {labelCount}, but row {row} has label {label}: fix the label or raise the label count.",
                    nameof(labels));
            }

            labelBuffer.Pointer[row] = label;
            rowsPerLabel[label]++;
        }

        bool added = false;
        matrix.Memory.DangerousAddRef(ref added);
        try
        {
            if (options.ValidateVectors)
            {
                ValidateRows(matrix);
            }

            Int8Codes? int8 = options.Quantization is VectorQuantization.Int8 or VectorQuantization.Int8PerDimension
                ? Int8Codes.Build(matrix, options.Quantization == VectorQuantization.Int8PerDimension)
                : null;
            BinaryCodes? binary = options.Quantization == VectorQuantization.Binary ? BinaryCodes.Build(matrix) : null;
            return new VectorIndex(matrix, labelBuffer, rowsPerLabel, options, int8, binary);
        }
        finally
        {
            if (added)
            {
                matrix.Memory.DangerousRelease();
            }
        }
    }

    /// <summary>Returns the number of rows that carry <paramref name="label"/>.</summary>
    /// <param name="label">The label, <c>0 &lt;= label &lt; LabelCount</c>.</param>
    /// <returns>The row count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is out of range.</exception>
    public int RowsWithLabel(int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, LabelCount);
        return _rowsPerLabel[label];
    }

    /// <summary>Returns the label of <paramref name="row"/>.</summary>
    /// <param name="row">The row, <c>0 &lt;= row &lt; Count</c>.</param>
    /// <returns>The label.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    public int LabelOf(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        int label = _labels.Pointer[row];
        _labels.KeepAlive();
        return label;
    }
}
