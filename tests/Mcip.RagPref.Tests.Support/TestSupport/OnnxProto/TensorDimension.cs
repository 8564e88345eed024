namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// <c>onnx.TensorShapeProto.Dimension</c>: either a fixed size (<c>dim_value</c>, field 1) or a symbolic
/// name (<c>dim_param</c>, field 2) that ONNX Runtime binds at run time.
/// </summary>
internal readonly record struct TensorDimension : IProtoMessage
{
    private const int ValueField = 1;
    private const int ParamField = 2;

    private TensorDimension(long value, string? param)
    {
        Value = value;
        Param = param;
    }

    /// <summary>The fixed size, meaningful when <see cref="Param"/> is <see langword="null"/>.</summary>
    public long Value { get; }

    /// <summary>The symbolic name, or <see langword="null"/> for a fixed size.</summary>
    public string? Param { get; }

    /// <summary>A fixed dimension.</summary>
    public static TensorDimension Fixed(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new(value, null);
    }

    /// <summary>A symbolic dimension, for example <c>batch</c>.</summary>
    public static TensorDimension Symbolic(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(0, name);
    }

    /// <inheritdoc />
    public int ComputeSize() => Param is null ? ProtoSize.Int64(ValueField, Value) : ProtoSize.String(ParamField, Param);

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        if (Param is null)
        {
            writer.WriteInt64(ValueField, Value);
        }
        else
        {
            writer.WriteString(ParamField, Param);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Param ?? Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
