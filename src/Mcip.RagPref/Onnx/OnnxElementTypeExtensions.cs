namespace Mcip.RagPref.Onnx;

/// <summary>Names and sizes of <see cref="OnnxElementType"/> values.</summary>
internal static class OnnxElementTypeExtensions
{
    /// <summary>The ONNX spelling of the type (<c>float</c>, <c>int32</c>, <c>int64</c>, ...), for messages.</summary>
    public static string ToOnnxName(this OnnxElementType type) => type switch
    {
        OnnxElementType.Float => "float",
        OnnxElementType.UInt8 => "uint8",
        OnnxElementType.Int8 => "int8",
        OnnxElementType.UInt16 => "uint16",
        OnnxElementType.Int16 => "int16",
        OnnxElementType.Int32 => "int32",
        OnnxElementType.Int64 => "int64",
        OnnxElementType.String => "string",
        OnnxElementType.Bool => "bool",
        OnnxElementType.Float16 => "float16",
        OnnxElementType.Double => "double",
        OnnxElementType.UInt32 => "uint32",
        OnnxElementType.UInt64 => "uint64",
        OnnxElementType.Complex64 => "complex64",
        OnnxElementType.Complex128 => "complex128",
        OnnxElementType.BFloat16 => "bfloat16",
        OnnxElementType.Undefined => "non-tensor",
        _ => $"element type {(int)type}",
    };

    /// <summary>Bytes per element of the types an input can be created from (float, int32, int64); 0 otherwise.</summary>
    public static int InputElementSize(this OnnxElementType type) => type switch
    {
        OnnxElementType.Float or OnnxElementType.Int32 => 4,
        OnnxElementType.Int64 => 8,
        _ => 0,
    };
}
