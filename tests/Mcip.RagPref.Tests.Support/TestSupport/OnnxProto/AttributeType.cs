namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>The kinds of <c>onnx.AttributeProto.AttributeType</c> this writer supports (values from onnx.proto).</summary>
internal enum AttributeType
{
    /// <summary>One float in field <c>f</c>.</summary>
    Float = 1,

    /// <summary>One int64 in field <c>i</c>.</summary>
    Int = 2,

    /// <summary>UTF-8 bytes in field <c>s</c>.</summary>
    String = 3,

    /// <summary>A tensor in field <c>t</c>.</summary>
    Tensor = 4,

    /// <summary>Floats in field <c>floats</c>.</summary>
    Floats = 6,

    /// <summary>Int64s in field <c>ints</c>.</summary>
    Ints = 7,
}
