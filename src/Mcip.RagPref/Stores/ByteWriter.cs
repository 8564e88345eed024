using System.Buffers.Binary;
using System.Buffers;
using System.Text;

namespace Mcip.RagPref.Stores;

/// <summary>Appends little-endian integers, 7-bit variable-length integers and length-prefixed UTF-8 strings to a growable buffer.</summary>
internal sealed class ByteWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Appends one byte.</summary>
    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    /// <summary>Appends a little-endian 32-bit unsigned integer.</summary>
    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Appends a non-negative integer in 7-bit groups, low group first, high bit set on all but the last byte.</summary>
    public void WriteVarInt(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        uint remaining = (uint)value;
        while (remaining >= 0x80)
        {
            WriteByte((byte)(remaining | 0x80));
            remaining >>= 7;
        }

        WriteByte((byte)remaining);
    }

    /// <summary>Appends the UTF-8 byte count as a 7-bit varint, then the UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarInt(byteCount);
        int written = Encoding.UTF8.GetBytes(value, _buffer.GetSpan(byteCount));
        _buffer.Advance(written);
    }
}
