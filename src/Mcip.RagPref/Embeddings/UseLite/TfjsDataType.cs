namespace Mcip.RagPref.Embeddings.UseLite;

/// <summary>The element types a TensorFlow.js weights manifest may use that this reader supports.</summary>
internal enum TfjsDataType
{
    /// <summary><c>float32</c>.</summary>
    Float32,

    /// <summary><c>int32</c>.</summary>
    Int32,
}
