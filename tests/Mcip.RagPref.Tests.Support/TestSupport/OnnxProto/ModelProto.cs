namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// <c>onnx.ModelProto</c>: <c>ir_version</c> (1), <c>producer_name</c> (2), <c>producer_version</c> (3,
/// omitted when empty), <c>graph</c> (7) and <c>opset_import</c> (8).
/// </summary>
internal sealed class ModelProto : IProtoMessage
{
    private const int IrVersionField = 1;
    private const int ProducerNameField = 2;
    private const int ProducerVersionField = 3;
    private const int GraphField = 7;
    private const int OpsetImportField = 8;

    /// <summary>Creates a model.</summary>
    public ModelProto(long irVersion, string producerName, string producerVersion, GraphProto graph, IReadOnlyList<OperatorSetIdProto> opsetImports)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(irVersion);
        ArgumentNullException.ThrowIfNull(producerName);
        ArgumentNullException.ThrowIfNull(producerVersion);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(opsetImports);
        IrVersion = irVersion;
        ProducerName = producerName;
        ProducerVersion = producerVersion;
        Graph = graph;
        OpsetImports = opsetImports;
    }

    /// <summary>The ONNX IR version (8 goes with opset 17 and 18).</summary>
    public long IrVersion { get; }

    /// <summary>The tool that wrote the model.</summary>
    public string ProducerName { get; }

    /// <summary>The version of that tool (may be empty).</summary>
    public string ProducerVersion { get; }

    /// <summary>The graph.</summary>
    public GraphProto Graph { get; }

    /// <summary>The operator sets the graph uses.</summary>
    public IReadOnlyList<OperatorSetIdProto> OpsetImports { get; }

    /// <summary>Serializes the model into a new array of exactly its encoded size.</summary>
    public byte[] ToBytes()
    {
        byte[] bytes = new byte[ComputeSize()];
        var writer = new ProtoWriter(bytes);
        WriteTo(ref writer);
        return writer.Position == bytes.Length
            ? bytes
            : throw new InvalidOperationException($"The model wrote {writer.Position} bytes but announced {bytes.Length}.");
    }

    /// <inheritdoc />
    public int ComputeSize()
    {
        long size = ProtoSize.Int64(IrVersionField, IrVersion)
            + ProtoSize.String(ProducerNameField, ProducerName)
            + (ProducerVersion.Length > 0 ? ProtoSize.String(ProducerVersionField, ProducerVersion) : 0)
            + (long)ProtoSize.Message(GraphField, Graph);
        foreach (OperatorSetIdProto opset in OpsetImports)
        {
            size += ProtoSize.Message(OpsetImportField, opset);
        }

        return size <= int.MaxValue
            ? (int)size
            : throw new InvalidOperationException($"The model needs {size} bytes: more than a protocol-buffers message can hold (2 GiB).");
    }

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        writer.WriteInt64(IrVersionField, IrVersion);
        writer.WriteString(ProducerNameField, ProducerName);
        if (ProducerVersion.Length > 0)
        {
            writer.WriteString(ProducerVersionField, ProducerVersion);
        }

        writer.WriteMessage(GraphField, Graph);
        foreach (OperatorSetIdProto opset in OpsetImports)
        {
            writer.WriteMessage(OpsetImportField, opset);
        }
    }
}
