using System.Buffers.Binary;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// <c>onnx.TensorProto</c> with the fields this writer uses: <c>dims</c> (1, packed int64),
/// <c>data_type</c> (2), <c>name</c> (8) and <c>raw_data</c> (9, little-endian elements).
/// </summary>
internal sealed class TensorProto : IProtoMessage
{
    private const int DimsField = 1;
    private const int DataTypeField = 2;
    private const int NameField = 8;
    private const int RawDataField = 9;

    private readonly long[] dims;

    /// <summary>Creates a tensor from already little-endian raw bytes.</summary>
    /// <exception cref="ArgumentException">The byte count does not match the dimensions and element type.</exception>
    public TensorProto(string name, TensorDataType dataType, ReadOnlySpan<long> dims, ReadOnlyMemory<byte> rawData)
    {
        ArgumentNullException.ThrowIfNull(name);
        long elements = 1;
        foreach (long dim in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(dims));
            elements *= dim;
        }

        long expected = elements * ElementSize(dataType);
        if (expected != rawData.Length)
        {
            throw new ArgumentException(
                $"Tensor '{name}' of shape [{string.Join(", ", dims.ToArray())}] and type {dataType} needs {expected} bytes, got {rawData.Length}.",
                nameof(rawData));
        }

        Name = name;
        DataType = dataType;
        this.dims = dims.ToArray();
        RawData = rawData;
    }

    /// <summary>The tensor name (initializer name when used in a graph).</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorDataType DataType { get; }

    /// <summary>The shape; empty for a scalar.</summary>
    public ReadOnlySpan<long> Dims => dims;

    /// <summary>The elements, little-endian, row-major.</summary>
    public ReadOnlyMemory<byte> RawData { get; }

    /// <summary>A float tensor.</summary>
    public static TensorProto FromFloats(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        byte[] raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        return new TensorProto(name, TensorDataType.Float, dims, raw);
    }

    /// <summary>An int64 tensor.</summary>
    public static TensorProto FromInt64s(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values)
    {
        byte[] raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        return new TensorProto(name, TensorDataType.Int64, dims, raw);
    }

    /// <summary>An int32 tensor.</summary>
    public static TensorProto FromInt32s(string name, ReadOnlySpan<long> dims, ReadOnlySpan<int> values)
    {
        byte[] raw = new byte[values.Length * sizeof(int)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(i * sizeof(int)), values[i]);
        }

        return new TensorProto(name, TensorDataType.Int32, dims, raw);
    }

    /// <summary>Bytes per element of a type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The type is not one this writer knows.</exception>
    public static int ElementSize(TensorDataType dataType) => dataType switch
    {
        TensorDataType.Float or TensorDataType.Int32 => 4,
        TensorDataType.Int64 or TensorDataType.Double => 8,
        TensorDataType.UInt8 or TensorDataType.Int8 or TensorDataType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unsupported tensor element type."),
    };

    /// <inheritdoc />
    public int ComputeSize()
        => ProtoSize.PackedInt64(DimsField, dims)
            + ProtoSize.Int64(DataTypeField, (int)DataType)
            + ProtoSize.String(NameField, Name)
            + ProtoSize.LengthDelimited(RawDataField, RawData.Length);

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        writer.WritePackedInt64(DimsField, dims);
        writer.WriteInt64(DataTypeField, (int)DataType);
        writer.WriteString(NameField, Name);
        writer.WriteBytes(RawDataField, RawData.Span);
    }
}
