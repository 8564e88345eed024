using System.Text;

namespace Mcip.RagPref.Onnx;

/// <summary>A model input or output as the model declares it: name, element type and dimensions.</summary>
internal sealed class OnnxTensorInfo
{
    private readonly long[] _dimensions;

    /// <summary>Creates a description.</summary>
    /// <param name="name">The input or output name.</param>
    /// <param name="elementType">The element type; <see cref="OnnxElementType.Undefined"/> when the value is not a tensor.</param>
    /// <param name="dimensions">The dimensions, −1 where dynamic (symbolic or unknown).</param>
    public OnnxTensorInfo(string name, OnnxElementType elementType, long[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        Name = name;
        ElementType = elementType;
        _dimensions = dimensions;
    }

    /// <summary>The input or output name.</summary>
    public string Name { get; }

    /// <summary>The element type; <see cref="OnnxElementType.Undefined"/> when the value is not a tensor.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The dimensions, −1 where dynamic; empty for scalars and non-tensors.</summary>
    public ReadOnlySpan<long> Dimensions => _dimensions;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <summary>Formats a shape as <c>[2, -1, 32]</c>.</summary>
    public static string FormatShape(ReadOnlySpan<long> dimensions)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < dimensions.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(dimensions[i]);
        }

        return text.Append(']').ToString();
    }

    /// <summary>Formats a list of descriptions as <c>a (int64 [-1, -1]), b (float [1])</c>, for messages.</summary>
    public static string FormatList(IReadOnlyList<OnnxTensorInfo> infos)
    {
        ArgumentNullException.ThrowIfNull(infos);
        var text = new StringBuilder();
        for (int i = 0; i < infos.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(infos[i]);
        }

        return infos.Count == 0 ? "(none)" : text.ToString();
    }

    /// <summary>Formats as <c>input_ids (int64 [-1, -1])</c>.</summary>
    public override string ToString() => $"{Name} ({ElementType.ToOnnxName()} {FormatShape(_dimensions)})";
}
