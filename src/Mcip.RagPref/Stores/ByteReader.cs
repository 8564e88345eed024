using System.Buffers.Binary;
using System.Text;

namespace Mcip.RagPref.Stores;

/// <summary>
/// Reads what <see cref="ByteWriter"/> writes, with a bounds check on every read. Malformed or short
/// input throws <see cref="InvalidDataException"/> naming the offset, never reads past the span.
/// </summary>
internal ref struct ByteReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Starts reading at the beginning of <paramref name="data"/>.</summary>
    public ByteReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        Require(1, "a byte");
        return _data[_position++];
    }

    /// <summary>Reads a little-endian 32-bit unsigned integer.</summary>
    public uint ReadUInt32()
    {
        Require(4, "a 32-bit integer");
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Reads a 7-bit varint that must fit a non-negative <see cref="int"/>.</summary>
    public int ReadVarInt()
    {
        int start = _position;
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = ReadByte();
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (value > int.MaxValue || (shift == 28 && b > 0x07))
                {
                    break;
                }

                return (int)value;
            }
        }

        throw new InvalidDataException($"at offset {start}: a length or count does not fit a 31-bit integer");
    }

    /// <summary>Reads a varint byte count followed by that many bytes of valid UTF-8.</summary>
    public string ReadString()
    {
        int start = _position;
        int length = ReadVarInt();
        Require(length, $"a {length}-byte string");
        try
        {
            string value = StrictUtf8.GetString(_data.Slice(_position, length));
            _position += length;
            return value;
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"at offset {start}: a string is not valid UTF-8", ex);
        }
    }

    private readonly void Require(int count, string what)
    {
        if (count > _data.Length - _position)
        {
            throw new InvalidDataException($"at offset {_position}: {what} runs past the end ({_data.Length} bytes)");
        }
    }
}
