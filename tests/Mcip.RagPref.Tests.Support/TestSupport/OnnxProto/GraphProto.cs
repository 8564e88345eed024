namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// <c>onnx.GraphProto</c>: <c>node</c> (1), <c>name</c> (2), <c>initializer</c> (5), <c>input</c> (11)
/// and <c>output</c> (12). Nodes must be in topological order.
/// </summary>
internal sealed class GraphProto : IProtoMessage
{
    private const int NodeField = 1;
    private const int NameField = 2;
    private const int InitializerField = 5;
    private const int InputField = 11;
    private const int OutputField = 12;

    /// <summary>Creates a graph from its parts (the lists are used as given, not copied).</summary>
    public GraphProto(string name, IReadOnlyList<NodeProto> nodes, IReadOnlyList<TensorProto> initializers, IReadOnlyList<ValueInfoProto> inputs, IReadOnlyList<ValueInfoProto> outputs)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(initializers);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        Name = name;
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The graph name.</summary>
    public string Name { get; }

    /// <summary>The nodes in topological order.</summary>
    public IReadOnlyList<NodeProto> Nodes { get; }

    /// <summary>The constant tensors.</summary>
    public IReadOnlyList<TensorProto> Initializers { get; }

    /// <summary>The graph inputs.</summary>
    public IReadOnlyList<ValueInfoProto> Inputs { get; }

    /// <summary>The graph outputs.</summary>
    public IReadOnlyList<ValueInfoProto> Outputs { get; }

    /// <inheritdoc />
    public int ComputeSize()
    {
        long size = ProtoSize.String(NameField, Name);
        foreach (NodeProto node in Nodes)
        {
            size += ProtoSize.Message(NodeField, node);
        }

        foreach (TensorProto initializer in Initializers)
        {
            size += ProtoSize.Message(InitializerField, initializer);
        }

        foreach (ValueInfoProto input in Inputs)
        {
            size += ProtoSize.Message(InputField, input);
        }

        foreach (ValueInfoProto output in Outputs)
        {
            size += ProtoSize.Message(OutputField, output);
        }

        // Protocol buffers cap a message at 2 GiB; ONNX models above that need external data.
        return size <= int.MaxValue
            ? (int)size
            : throw new InvalidOperationException($"Graph '{Name}' needs {size} bytes: more than a protocol-buffers message can hold (2 GiB).");
    }

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        foreach (NodeProto node in Nodes)
        {
            writer.WriteMessage(NodeField, node);
        }

        writer.WriteString(NameField, Name);
        foreach (TensorProto initializer in Initializers)
        {
            writer.WriteMessage(InitializerField, initializer);
        }

        foreach (ValueInfoProto input in Inputs)
        {
            writer.WriteMessage(InputField, input);
        }

        foreach (ValueInfoProto output in Outputs)
        {
            writer.WriteMessage(OutputField, output);
        }
    }
}
