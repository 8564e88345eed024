namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary><c>onnx.TypeProto.Tensor</c>: <c>elem_type</c> (1) and an optional <c>shape</c> (2; absent = unknown rank).</summary>
internal sealed class TensorTypeProto : IProtoMessage
{
    private const int ElemTypeField = 1;
    private const int ShapeField = 2;

    /// <summary>Creates a tensor type.</summary>
    public TensorTypeProto(TensorDataType elementType, TensorShapeProto? shape)
    {
        ElementType = elementType;
        Shape = shape;
    }

    /// <summary>The element type.</summary>
    public TensorDataType ElementType { get; }

    /// <summary>The shape, or <see langword="null"/> when even the rank is unknown.</summary>
    public TensorShapeProto? Shape { get; }

    /// <inheritdoc />
    public int ComputeSize()
        => ProtoSize.Int64(ElemTypeField, (int)ElementType) + (Shape is null ? 0 : ProtoSize.Message(ShapeField, Shape));

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        writer.WriteInt64(ElemTypeField, (int)ElementType);
        if (Shape is not null)
        {
            writer.WriteMessage(ShapeField, Shape);
        }
    }
}
