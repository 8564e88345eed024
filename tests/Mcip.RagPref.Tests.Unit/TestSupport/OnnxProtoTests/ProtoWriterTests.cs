using Mcip.RagPref.Tests.TestSupport.OnnxProto;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProtoTests;

/// <summary>Wire-format bytes written by hand from the protocol-buffers encoding guide.</summary>
public sealed class ProtoWriterTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void WriteRawVarint_Value_WritesBase128LowGroupFirst(ulong value, byte[] expected)
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WriteRawVarint(value), expected.Length);

        Assert.Equal(expected, actual);
        Assert.Equal(expected.Length, ProtoSize.Varint(value));
    }

    [Fact]
    public void WriteInt64_Field1Value150_WritesTagThenVarint()
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WriteInt64(1, 150), 3);

        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, actual);
        Assert.Equal(3, ProtoSize.Int64(1, 150));
    }

    [Fact]
    public void WriteInt64_NegativeOne_SignExtendsToTenBytes()
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WriteInt64(3, -1), 11);

        Assert.Equal(new byte[] { 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, actual);
        Assert.Equal(11, ProtoSize.Int64(3, -1));
    }

    [Fact]
    public void WriteInt64_Field20_UsesTwoByteTag()
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WriteInt64(20, 7), 3);

        Assert.Equal(new byte[] { 0xA0, 0x01, 0x07 }, actual);
    }

    [Fact]
    public void WriteString_Testing_WritesLengthDelimitedUtf8()
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WriteString(2, "testing"), 9);

        Assert.Equal(new byte[] { 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67 }, actual);
        Assert.Equal(9, ProtoSize.String(2, "testing"));
    }

    [Fact]
    public void WriteString_NonAscii_CountsUtf8Bytes()
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WriteString(1, "é"), 4);

        Assert.Equal(new byte[] { 0x0A, 0x02, 0xC3, 0xA9 }, actual);
    }

    [Fact]
    public void WriteFloat_One_WritesFixed32LittleEndian()
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WriteFloat(2, 1f), 5);

        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }, actual);
    }

    [Fact]
    public void WritePackedInt64_ThreeValues_WritesOneLengthDelimitedField()
    {
        long[] values = [3, 270, 86942];

        byte[] actual = Write((ref ProtoWriter w) => w.WritePackedInt64(4, values), 8);

        Assert.Equal(new byte[] { 0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05 }, actual);
        Assert.Equal(8, ProtoSize.PackedInt64(4, values));
    }

    [Fact]
    public void WritePackedInt64_Empty_WritesNothing()
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WritePackedInt64(4, []), 0);

        Assert.Empty(actual);
        Assert.Equal(0, ProtoSize.PackedInt64(4, []));
    }

    [Fact]
    public void WritePackedFloat_TwoValues_WritesFixed32Payload()
    {
        float[] values = [1f, -2f];

        byte[] actual = Write((ref ProtoWriter w) => w.WritePackedFloat(7, values), 10);

        Assert.Equal(new byte[] { 0x3A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, actual);
        Assert.Equal(10, ProtoSize.PackedFloat(7, values));
    }

    [Fact]
    public void WriteBytes_Payload_WritesLengthThenBytes()
    {
        byte[] actual = Write((ref ProtoWriter w) => w.WriteBytes(9, [0xDE, 0xAD]), 4);

        Assert.Equal(new byte[] { 0x4A, 0x02, 0xDE, 0xAD }, actual);
    }

    internal delegate void WriteAction(ref ProtoWriter writer);

    private static byte[] Write(WriteAction action, int expectedLength)
    {
        byte[] buffer = new byte[expectedLength + 16];
        var writer = new ProtoWriter(buffer);
        action(ref writer);
        Assert.Equal(expectedLength, writer.Position);
        return buffer[..writer.Position];
    }
}
