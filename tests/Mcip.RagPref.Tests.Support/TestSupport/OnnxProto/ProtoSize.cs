using System.Text;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>Encoded sizes of protocol-buffers fields, matching what <see cref="ProtoWriter"/> writes.</summary>
internal static class ProtoSize
{
    /// <summary>Bytes of a base-128 varint.</summary>
    public static int Varint(ulong value)
    {
        int bytes = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            bytes++;
        }

        return bytes;
    }

    /// <summary>Bytes of a field tag.</summary>
    public static int Tag(int field) => Varint((uint)field << 3);

    /// <summary>Bytes of an <c>int64</c> varint field.</summary>
    public static int Int64(int field, long value) => Tag(field) + Varint(unchecked((ulong)value));

    /// <summary>Bytes of a <c>float</c> field.</summary>
    public static int Float(int field) => Tag(field) + 4;

    /// <summary>Bytes of a <c>string</c> field.</summary>
    public static int String(int field, string value) => LengthDelimited(field, Encoding.UTF8.GetByteCount(value));

    /// <summary>Bytes of a length-delimited field whose payload is <paramref name="payload"/> bytes.</summary>
    public static int LengthDelimited(int field, int payload) => Tag(field) + Varint((uint)payload) + payload;

    /// <summary>Bytes of a nested message field.</summary>
    public static int Message<T>(int field, T message)
        where T : IProtoMessage
        => LengthDelimited(field, message.ComputeSize());

    /// <summary>Payload bytes (without tag and length) of packed <c>int64</c> values.</summary>
    public static int PackedInt64Payload(ReadOnlySpan<long> values)
    {
        int bytes = 0;
        foreach (long value in values)
        {
            bytes += Varint(unchecked((ulong)value));
        }

        return bytes;
    }

    /// <summary>Bytes of a packed repeated <c>int64</c> field (zero when empty: the field is omitted).</summary>
    public static int PackedInt64(int field, ReadOnlySpan<long> values)
        => values.IsEmpty ? 0 : LengthDelimited(field, PackedInt64Payload(values));

    /// <summary>Bytes of a packed repeated <c>float</c> field (zero when empty: the field is omitted).</summary>
    public static int PackedFloat(int field, ReadOnlySpan<float> values)
        => values.IsEmpty ? 0 : LengthDelimited(field, values.Length * 4);
}
