namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary><c>onnx.TensorShapeProto</c>: repeated <c>dim</c> (field 1); no dimensions means a scalar.</summary>
internal sealed class TensorShapeProto : IProtoMessage
{
    private const int DimField = 1;

    private readonly TensorDimension[] dims;

    /// <summary>Creates a shape.</summary>
    public TensorShapeProto(ReadOnlySpan<TensorDimension> dims) => this.dims = dims.ToArray();

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<TensorDimension> Dims => dims;

    /// <inheritdoc />
    public int ComputeSize()
    {
        int size = 0;
        foreach (TensorDimension dim in dims)
        {
            size += ProtoSize.Message(DimField, dim);
        }

        return size;
    }

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        foreach (TensorDimension dim in dims)
        {
            writer.WriteMessage(DimField, dim);
        }
    }
}
