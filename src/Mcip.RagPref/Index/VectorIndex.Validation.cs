using System.Numerics.Tensors;

namespace Mcip.RagPref.Index;

/// <summary>Argument and data checks.</summary>
internal sealed unsafe partial class VectorIndex
{
    private static void ValidateOptions(VectorIndexOptions options)
    {
        if (!Enum.IsDefined(options.Quantization))
        {
            throw new ArgumentException(
                $"VectorIndexOptions.Quantization must be None, Int8, Int8PerDimension or Binary, but found {(int)options.Quantization}.",
                nameof(options));
        }

        if (options.CandidateMultiplier < 1)
        {
            throw new ArgumentException(
                $"VectorIndexOptions.CandidateMultiplier must be at least 1, but found {options.CandidateMultiplier}.",
                nameof(options));
        }

        if (options.DegreeOfParallelism < 1)
        {
            throw new ArgumentException(
                $"VectorIndexOptions.DegreeOfParallelism must be at least 1, but found {options.DegreeOfParallelism}.",
                nameof(options));
        }
    }

    private static void ValidateRows(VectorMatrix matrix)
    {
        int dims = matrix.Dimensions;
        int padding = matrix.Stride - dims;
        for (int row = 0; row < matrix.Rows; row++)
        {
            float* pointer = matrix.RowPointer(row);
            float norm = MathF.Sqrt(TensorPrimitives.SumOfSquares(new ReadOnlySpan<float>(pointer, dims)));
            if (!(MathF.Abs(norm - 1f) <= NormTolerance))
            {
                throw new ArgumentException(
                    $"Stored vectors must be finite unit vectors (norm within {NormTolerance} of 1), but row {row} has norm {norm}: "
                    + "L2-normalise every vector before storing it.",
                    nameof(matrix));
            }

            for (int j = 0; j < padding; j++)
            {
                if (pointer[dims + j] != 0f)
                {
                    throw new ArgumentException(
                        $"The padding after each vector must be zero, but row {row} has {pointer[dims + j]} at padding position {j}: "
                        + "write vectors through VectorMatrix.GetRow or zero the padding of attached memory.",
                        nameof(matrix));
                }
            }
        }
    }

    private static void ValidateQuery(ReadOnlySpan<float> query, int index, string parameterName)
    {
        float norm = MathF.Sqrt(TensorPrimitives.SumOfSquares(query));
        if (!(MathF.Abs(norm - 1f) <= NormTolerance))
        {
            string which = index < 0 ? "The query" : $"Query {index}";
            string problem = float.IsFinite(norm) ? $"has norm {norm}" : "contains NaN or infinity";
            throw new ArgumentException(
                $"{which} must be a finite unit vector (norm within {NormTolerance} of 1), but it {problem}: L2-normalise it first.",
                parameterName);
        }
    }

    private void CheckResultBuffers(int queryCount, int k, Span<SearchHit> hits, Span<int> hitCounts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        long needHits = (long)queryCount * LabelCount * k;
        long needCounts = (long)queryCount * LabelCount;
        if (hits.Length < needHits)
        {
            throw new ArgumentException(
                $"The hits buffer must hold queries x labels x k = {queryCount} x {LabelCount} x {k} = {needHits} hits, but it holds {hits.Length}.",
                nameof(hits));
        }

        if (hitCounts.Length < needCounts)
        {
            throw new ArgumentException(
                $"The hit counts buffer must hold queries x labels = {queryCount} x {LabelCount} = {needCounts} counts, but it holds {hitCounts.Length}.",
                nameof(hitCounts));
        }
    }
}
