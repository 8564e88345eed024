using System.Buffers.Binary;
using System.Text;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// Writes the protocol-buffers wire format into a span sized in advance (every message computes its
/// exact size first, so nested length prefixes need no second buffer).
/// </summary>
/// <remarks>
/// A field starts with a tag <c>(field &lt;&lt; 3) | wireType</c> as a base-128 varint. Wire types used:
/// 0 = varint, 2 = length-delimited, 5 = fixed 32-bit little-endian. Negative <c>int32</c> and
/// <c>int64</c> values are sign-extended to 64 bits and so always take 10 bytes.
/// </remarks>
internal ref struct ProtoWriter
{
    /// <summary>Wire type of varint-encoded scalars.</summary>
    public const int WireVarint = 0;

    /// <summary>Wire type of strings, bytes, nested messages and packed repeated scalars.</summary>
    public const int WireLengthDelimited = 2;

    /// <summary>Wire type of <c>float</c> and <c>fixed32</c>.</summary>
    public const int WireFixed32 = 5;

    private readonly Span<byte> destination;

    /// <summary>Creates a writer that fills <paramref name="destination"/> from its start.</summary>
    public ProtoWriter(Span<byte> destination)
    {
        this.destination = destination;
        Position = 0;
    }

    /// <summary>Number of bytes written so far.</summary>
    public int Position { get; private set; }

    /// <summary>Writes a raw base-128 varint (the low 7 bits first, the high bit set on every byte but the last).</summary>
    public void WriteRawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            destination[Position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[Position++] = (byte)value;
    }

    /// <summary>Writes a field tag.</summary>
    public void WriteTag(int field, int wireType) => WriteRawVarint(((uint)field << 3) | (uint)wireType);

    /// <summary>Writes an <c>int64</c> (or <c>int32</c>, sign-extended) field as a varint.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteRawVarint(unchecked((ulong)value));
    }

    /// <summary>Writes a <c>float</c> field as fixed 32-bit little-endian.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        WriteRawFloat(value);
    }

    /// <summary>Writes a <c>string</c> field as its UTF-8 bytes.</summary>
    public void WriteString(int field, string value)
    {
        WriteTag(field, WireLengthDelimited);
        int length = Encoding.UTF8.GetByteCount(value);
        WriteRawVarint((uint)length);
        Position += Encoding.UTF8.GetBytes(value, destination.Slice(Position, length));
    }

    /// <summary>Writes a <c>bytes</c> field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteRawVarint((uint)value.Length);
        value.CopyTo(destination[Position..]);
        Position += value.Length;
    }

    /// <summary>Writes a nested message field: tag, exact length, then the message.</summary>
    public void WriteMessage<T>(int field, T message)
        where T : IProtoMessage
    {
        WriteTag(field, WireLengthDelimited);
        int size = message.ComputeSize();
        WriteRawVarint((uint)size);
        int start = Position;
        message.WriteTo(ref this);
        if (Position - start != size)
        {
            throw new InvalidOperationException($"{typeof(T).Name} wrote {Position - start} bytes but announced {size}.");
        }
    }

    /// <summary>Writes a packed repeated <c>int64</c> field (nothing when empty).</summary>
    public void WritePackedInt64(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        WriteTag(field, WireLengthDelimited);
        WriteRawVarint((uint)ProtoSize.PackedInt64Payload(values));
        foreach (long value in values)
        {
            WriteRawVarint(unchecked((ulong)value));
        }
    }

    /// <summary>Writes a packed repeated <c>float</c> field (nothing when empty).</summary>
    public void WritePackedFloat(int field, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        WriteTag(field, WireLengthDelimited);
        WriteRawVarint((uint)(values.Length * 4));
        foreach (float value in values)
        {
            WriteRawFloat(value);
        }
    }

    private void WriteRawFloat(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(destination.Slice(Position, 4), value);
        Position += 4;
    }
}
