namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// <c>onnx.ValueInfoProto</c> for a tensor: <c>name</c> (1) and <c>type</c> (2), a <c>TypeProto</c> whose
/// <c>tensor_type</c> (field 1) holds the element type and shape.
/// </summary>
internal sealed class ValueInfoProto : IProtoMessage
{
    private const int NameField = 1;
    private const int TypeField = 2;
    private const int TensorTypeField = 1;

    /// <summary>Creates a tensor value description.</summary>
    public ValueInfoProto(string name, TensorTypeProto type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
    }

    /// <summary>The value name.</summary>
    public string Name { get; }

    /// <summary>The tensor type.</summary>
    public TensorTypeProto Type { get; }

    /// <inheritdoc />
    public int ComputeSize()
        => ProtoSize.String(NameField, Name) + ProtoSize.LengthDelimited(TypeField, ProtoSize.Message(TensorTypeField, Type));

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        writer.WriteString(NameField, Name);
        writer.WriteTag(TypeField, ProtoWriter.WireLengthDelimited);
        writer.WriteRawVarint((uint)ProtoSize.Message(TensorTypeField, Type));
        writer.WriteMessage(TensorTypeField, Type);
    }
}
