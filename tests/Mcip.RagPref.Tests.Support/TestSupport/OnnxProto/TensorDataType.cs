namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>The element types of <c>onnx.TensorProto.DataType</c> this writer uses (values from onnx.proto).</summary>
internal enum TensorDataType
{
    /// <summary>32-bit IEEE float.</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,

    /// <summary>Boolean, one byte per element in raw data.</summary>
    Bool = 9,

    /// <summary>64-bit IEEE float.</summary>
    Double = 11,
}
