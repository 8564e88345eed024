using System.Text;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// <c>onnx.AttributeProto</c>: <c>name</c> (1), one value field (<c>f</c> 2, <c>i</c> 3, <c>s</c> 4,
/// <c>t</c> 5, <c>floats</c> 7, <c>ints</c> 8; repeated scalars packed) and the <c>type</c> discriminator (20).
/// </summary>
internal sealed class AttributeProto : IProtoMessage
{
    private const int NameField = 1;
    private const int FloatField = 2;
    private const int IntField = 3;
    private const int StringField = 4;
    private const int TensorField = 5;
    private const int FloatsField = 7;
    private const int IntsField = 8;
    private const int TypeField = 20;

    private readonly float floatValue;
    private readonly long intValue;
    private readonly byte[] stringValue = [];
    private readonly TensorProto? tensorValue;
    private readonly float[] floatsValue = [];
    private readonly long[] intsValue = [];

    private AttributeProto(string name, AttributeType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
    }

    private AttributeProto(string name, float value)
        : this(name, AttributeType.Float) => floatValue = value;

    private AttributeProto(string name, long value)
        : this(name, AttributeType.Int) => intValue = value;

    private AttributeProto(string name, byte[] value)
        : this(name, AttributeType.String) => stringValue = value;

    private AttributeProto(string name, TensorProto value)
        : this(name, AttributeType.Tensor) => tensorValue = value;

    private AttributeProto(string name, float[] values)
        : this(name, AttributeType.Floats) => floatsValue = values;

    private AttributeProto(string name, long[] values)
        : this(name, AttributeType.Ints) => intsValue = values;

    /// <summary>The attribute name, for example <c>perm</c> or <c>axis</c>.</summary>
    public string Name { get; }

    /// <summary>Which value field is set.</summary>
    public AttributeType Type { get; }

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) => new(name, value);

    /// <summary>An int attribute.</summary>
    public static AttributeProto Int(string name, long value) => new(name, value);

    /// <summary>A string attribute (stored as UTF-8).</summary>
    public static AttributeProto String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(name, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A tensor attribute (for example the <c>value</c> of a Constant node).</summary>
    public static AttributeProto Tensor(string name, TensorProto value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(name, value);
    }

    /// <summary>A list-of-floats attribute.</summary>
    public static AttributeProto Floats(string name, params ReadOnlySpan<float> values) => new(name, values.ToArray());

    /// <summary>A list-of-ints attribute.</summary>
    public static AttributeProto Ints(string name, params ReadOnlySpan<long> values) => new(name, values.ToArray());

    /// <inheritdoc />
    public int ComputeSize()
    {
        int size = ProtoSize.String(NameField, Name) + ProtoSize.Int64(TypeField, (int)Type);
        size += Type switch
        {
            AttributeType.Float => ProtoSize.Float(FloatField),
            AttributeType.Int => ProtoSize.Int64(IntField, intValue),
            AttributeType.String => ProtoSize.LengthDelimited(StringField, stringValue.Length),
            AttributeType.Tensor => ProtoSize.Message(TensorField, tensorValue!),
            AttributeType.Floats => ProtoSize.PackedFloat(FloatsField, floatsValue),
            _ => ProtoSize.PackedInt64(IntsField, intsValue),
        };
        return size;
    }

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        writer.WriteString(NameField, Name);
        switch (Type)
        {
            case AttributeType.Float:
                writer.WriteFloat(FloatField, floatValue);
                break;
            case AttributeType.Int:
                writer.WriteInt64(IntField, intValue);
                break;
            case AttributeType.String:
                writer.WriteBytes(StringField, stringValue);
                break;
            case AttributeType.Tensor:
                writer.WriteMessage(TensorField, tensorValue!);
                break;
            case AttributeType.Floats:
                writer.WritePackedFloat(FloatsField, floatsValue);
                break;
            default:
                writer.WritePackedInt64(IntsField, intsValue);
                break;
        }

        writer.WriteInt64(TypeField, (int)Type);
    }
}
