using Mcip.RagPref.Tests.TestSupport.OnnxProto;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProtoTests;

/// <summary>
/// ONNX messages against bytes written by hand from onnx.proto's field numbers and the
/// protocol-buffers wire format.
/// </summary>
public sealed class OnnxMessageTests
{
    [Fact]
    public void OperatorSetId_DefaultDomainOpset17_WritesVersionOnly()
    {
        Assert.Equal(new byte[] { 0x10, 0x11 }, Serialize(new OperatorSetIdProto(string.Empty, 17)));
    }

    [Fact]
    public void OperatorSetId_CustomDomain_WritesDomainField1()
    {
        Assert.Equal(new byte[] { 0x0A, 0x02, 0x63, 0x6F, 0x10, 0x01 }, Serialize(new OperatorSetIdProto("co", 1)));
    }

    [Fact]
    public void TensorDimension_FixedAndSymbolic_UseDimValueAndDimParam()
    {
        Assert.Equal(new byte[] { 0x08, 0x02 }, Serialize(TensorDimension.Fixed(2)));
        Assert.Equal(new byte[] { 0x12, 0x01, 0x6E }, Serialize(TensorDimension.Symbolic("n")));
    }

    [Fact]
    public void Tensor_FloatVector_WritesDimsTypeNameRawData()
    {
        TensorProto tensor = TensorProto.FromFloats("w", [2], [1f, 2f]);

        byte[] expected =
        [
            0x0A, 0x01, 0x02,                   // dims (1), packed [2]
            0x10, 0x01,                         // data_type (2) = FLOAT
            0x42, 0x01, 0x77,                   // name (8) = "w"
            0x4A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40, // raw_data (9)
        ];
        Assert.Equal(expected, Serialize(tensor));
    }

    [Fact]
    public void Tensor_Int64Scalar_OmitsDimsAndWritesEightBytes()
    {
        TensorProto tensor = TensorProto.FromInt64s("k", [], [-2]);

        byte[] expected =
        [
            0x10, 0x07,
            0x42, 0x01, 0x6B,
            0x4A, 0x08, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ];
        Assert.Equal(expected, Serialize(tensor));
    }

    [Fact]
    public void Tensor_Int32Matrix_WritesLittleEndianInt32()
    {
        TensorProto tensor = TensorProto.FromInt32s("i", [1, 2], [1, -1]);

        byte[] expected =
        [
            0x0A, 0x02, 0x01, 0x02,
            0x10, 0x06,
            0x42, 0x01, 0x69,
            0x4A, 0x08, 0x01, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
        ];
        Assert.Equal(expected, Serialize(tensor));
    }

    [Fact]
    public void Tensor_ValueCountNotMatchingDims_Throws()
    {
        Assert.Throws<ArgumentException>(() => TensorProto.FromFloats("w", [3], [1f, 2f]));
    }

    [Fact]
    public void Attribute_NegativeInt_WritesNameValueAndType2()
    {
        byte[] expected =
        [
            0x0A, 0x04, 0x61, 0x78, 0x69, 0x73,                                  // name (1) = "axis"
            0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,    // i (3) = -1
            0xA0, 0x01, 0x02,                                                    // type (20) = INT
        ];
        Assert.Equal(expected, Serialize(AttributeProto.Int("axis", -1)));
    }

    [Fact]
    public void Attribute_Ints_WritesPackedField8AndType7()
    {
        byte[] expected = [0x0A, 0x04, 0x70, 0x65, 0x72, 0x6D, 0x42, 0x03, 0x00, 0x02, 0x01, 0xA0, 0x01, 0x07];

        Assert.Equal(expected, Serialize(AttributeProto.Ints("perm", 0, 2, 1)));
    }

    [Fact]
    public void Attribute_Float_WritesFixed32Field2AndType1()
    {
        byte[] expected = [0x0A, 0x01, 0x61, 0x15, 0x00, 0x00, 0x00, 0x3F, 0xA0, 0x01, 0x01];

        Assert.Equal(expected, Serialize(AttributeProto.Float("a", 0.5f)));
    }

    [Fact]
    public void Attribute_Floats_WritesPackedField7AndType6()
    {
        byte[] expected = [0x0A, 0x01, 0x66, 0x3A, 0x04, 0x00, 0x00, 0x80, 0x3F, 0xA0, 0x01, 0x06];

        Assert.Equal(expected, Serialize(AttributeProto.Floats("f", 1f)));
    }

    [Fact]
    public void Attribute_String_WritesBytesField4AndType3()
    {
        byte[] expected = [0x0A, 0x01, 0x6D, 0x22, 0x02, 0x4E, 0x44, 0xA0, 0x01, 0x03];

        Assert.Equal(expected, Serialize(AttributeProto.String("m", "ND")));
    }

    [Fact]
    public void Attribute_Tensor_NestsTensorInField5AndType4()
    {
        TensorProto value = TensorProto.FromInt64s("v", [], [1]);
        byte[] tensorBytes = Serialize(value);

        byte[] expected = [0x0A, 0x05, 0x76, 0x61, 0x6C, 0x75, 0x65, 0x2A, (byte)tensorBytes.Length, .. tensorBytes, 0xA0, 0x01, 0x04];

        Assert.Equal(expected, Serialize(AttributeProto.Tensor("value", value)));
    }

    [Fact]
    public void Node_AddWithoutAttributes_WritesInputsOutputsNameOpType()
    {
        var node = new NodeProto("Add", ["a", "b"], ["c"], "c", []);

        byte[] expected =
        [
            0x0A, 0x01, 0x61, 0x0A, 0x01, 0x62, // input (1) x2
            0x12, 0x01, 0x63,                   // output (2)
            0x1A, 0x01, 0x63,                   // name (3)
            0x22, 0x03, 0x41, 0x64, 0x64,       // op_type (4) = "Add"
        ];
        Assert.Equal(expected, Serialize(node));
    }

    [Fact]
    public void Node_WithAttributeAndDomain_WritesField5ThenField7()
    {
        var node = new NodeProto("X", [], ["y"], string.Empty, [AttributeProto.Int("k", 1)], "d");

        byte[] expected =
        [
            0x12, 0x01, 0x79,
            0x22, 0x01, 0x58,
            0x2A, 0x08, 0x0A, 0x01, 0x6B, 0x18, 0x01, 0xA0, 0x01, 0x02,
            0x3A, 0x01, 0x64,
        ];
        Assert.Equal(expected, Serialize(node));
    }

    [Fact]
    public void ValueInfo_FloatWithSymbolicAndFixedDims_NestsTypeProtoTensorShape()
    {
        var info = new ValueInfoProto("x", new TensorTypeProto(
            TensorDataType.Float,
            new TensorShapeProto([TensorDimension.Symbolic("n"), TensorDimension.Fixed(2)])));

        byte[] expected =
        [
            0x0A, 0x01, 0x78,                   // name (1)
            0x12, 0x0F,                         // type (2): TypeProto, 15 bytes
            0x0A, 0x0D,                         //   tensor_type (1): 13 bytes
            0x08, 0x01,                         //     elem_type (1) = FLOAT
            0x12, 0x09,                         //     shape (2): 9 bytes
            0x0A, 0x03, 0x12, 0x01, 0x6E,       //       dim (1): dim_param (2) = "n"
            0x0A, 0x02, 0x08, 0x02,             //       dim (1): dim_value (1) = 2
        ];
        Assert.Equal(expected, Serialize(info));
    }

    [Fact]
    public void ValueInfo_ScalarShape_WritesEmptyShapeMessage()
    {
        var info = new ValueInfoProto("s", new TensorTypeProto(TensorDataType.Int64, new TensorShapeProto([])));

        byte[] expected = [0x0A, 0x01, 0x73, 0x12, 0x06, 0x0A, 0x04, 0x08, 0x07, 0x12, 0x00];

        Assert.Equal(expected, Serialize(info));
    }

    [Fact]
    public void Model_SmallGraph_WritesHeaderGraphAndOpsetInFieldOrder()
    {
        var graph = new GraphProto("g", [new NodeProto("Neg", ["a"], ["b"], string.Empty, [])], [], [], []);
        var model = new ModelProto(8, "p", string.Empty, graph, [new OperatorSetIdProto(string.Empty, 17)]);

        byte[] expected =
        [
            0x08, 0x08,                         // ir_version (1) = 8
            0x12, 0x01, 0x70,                   // producer_name (2) = "p"
            0x3A, 0x10,                         // graph (7): 16 bytes
            0x0A, 0x0B,                         //   node (1): 11 bytes
            0x0A, 0x01, 0x61, 0x12, 0x01, 0x62, 0x22, 0x03, 0x4E, 0x65, 0x67,
            0x12, 0x01, 0x67,                   //   name (2) = "g"
            0x42, 0x02, 0x10, 0x11,             // opset_import (8): version 17
        ];
        Assert.Equal(expected, model.ToBytes());
    }

    private static byte[] Serialize<T>(T message)
        where T : IProtoMessage
    {
        byte[] buffer = new byte[message.ComputeSize()];
        var writer = new ProtoWriter(buffer);
        message.WriteTo(ref writer);
        Assert.Equal(buffer.Length, writer.Position);
        return buffer;
    }
}
