using System.Buffers.Binary;

namespace Mcip.RagPref.Embeddings.UseLite;

/// <summary>One tensor of a TensorFlow.js weights manifest: its name, element type, shape and little-endian bytes.</summary>
internal sealed class TfjsWeight
{
    private readonly long[] shape;

    /// <summary>Creates a weight view over bytes of a shard buffer.</summary>
    public TfjsWeight(string name, TfjsDataType dataType, long[] shape, ReadOnlyMemory<byte> data)
    {
        Name = name;
        DataType = dataType;
        this.shape = shape;
        Data = data;
    }

    /// <summary>The manifest name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TfjsDataType DataType { get; }

    /// <summary>The shape (empty for a scalar).</summary>
    public ReadOnlySpan<long> Shape => shape;

    /// <summary>The elements, little-endian, row-major.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Number of elements.</summary>
    public long ElementCount => Data.Length / 4;

    /// <summary>The elements of a float32 weight.</summary>
    public float[] ToFloats()
    {
        RequireType(TfjsDataType.Float32);
        ReadOnlySpan<byte> bytes = Data.Span;
        float[] values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        }

        return values;
    }

    /// <summary>The elements of an int32 weight.</summary>
    public int[] ToInt32s()
    {
        RequireType(TfjsDataType.Int32);
        ReadOnlySpan<byte> bytes = Data.Span;
        int[] values = new int[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        }

        return values;
    }

    /// <summary>The value of a one-element float32 weight.</summary>
    public float ToFloatScalar()
    {
        float[] values = ToFloats();
        return values.Length == 1
            ? values[0]
            : throw new RagPrefException($"Weight '{Name}' was expected to hold one value but holds {values.Length}: the model files do not match the expected graph. Delete the folder and run './build.sh setup' again.");
    }

    /// <summary>Throws unless the shape equals <paramref name="expected"/>.</summary>
    public TfjsWeight RequireShape(params ReadOnlySpan<long> expected)
    {
        if (!expected.SequenceEqual(shape))
        {
            throw new RagPrefException(
                $"Weight '{Name}' has shape [{string.Join(", ", shape)}] where [{string.Join(", ", expected.ToArray())}] was expected: "
                + "the model files are not Universal Sentence Encoder Lite 0.2.0. Delete the folder and run './build.sh setup' again.");
        }

        return this;
    }

    private void RequireType(TfjsDataType expected)
    {
        if (DataType != expected)
        {
            throw new RagPrefException($"Weight '{Name}' is {DataType} where {expected} was expected: the model files do not match the expected graph. Delete the folder and run './build.sh setup' again.");
        }
    }
}
