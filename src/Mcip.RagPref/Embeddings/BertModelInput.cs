using System.Numerics.Tensors;
using Mcip.RagPref.Onnx;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// One integer input of a BERT model as the model declares it: int64 inputs read the caller's pinned
/// buffer in place, int32 inputs get a narrowed pooled copy.
/// </summary>
/// <param name="Name">The input name.</param>
/// <param name="ElementType">Int64 or int32.</param>
internal sealed record BertModelInput(string Name, OnnxElementType ElementType)
{
    /// <summary>
    /// Describes <paramref name="data"/> (pinned at <paramref name="pointer"/>) as this input; for int32 inputs
    /// rents <paramref name="rented"/> from the shared int pool (the caller returns it after the run).
    /// </summary>
    public unsafe OnnxInput Bind(long* pointer, ReadOnlySpan<long> data, ReadOnlyMemory<long> shape, ref int[]? rented)
    {
        if (ElementType == OnnxElementType.Int64)
        {
            return OnnxInput.Pinned(Name, OnnxElementType.Int64, pointer, data.Length, shape);
        }

        rented = System.Buffers.ArrayPool<int>.Shared.Rent(data.Length);
        TensorPrimitives.ConvertChecked(data, rented.AsSpan(0, data.Length));
        return OnnxInput.Int32(Name, rented.AsMemory(0, data.Length), shape);
    }
}
