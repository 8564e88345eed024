using System.Globalization;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// Builds an ONNX model in memory: graph inputs and outputs with fixed or symbolic dimensions,
/// initializers, and nodes in topological order; <see cref="ToModelBytes"/> checks that every value a
/// node reads is defined before it and serializes the model.
/// </summary>
/// <remarks>Not thread-safe: build on one thread.</remarks>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The ONNX IR version written by default: 8, the one that goes with opsets 17 and 18.</summary>
    public const long DefaultIrVersion = 8;

    private readonly List<NodeProto> nodes = [];
    private readonly List<TensorProto> initializers = [];
    private readonly List<ValueInfoProto> inputs = [];
    private readonly List<ValueInfoProto> outputs = [];
    private readonly HashSet<string> defined = new(StringComparer.Ordinal);
    private int autoNameCounter;

    /// <summary>Creates an empty graph.</summary>
    /// <param name="graphName">The graph name stored in the model.</param>
    public OnnxGraphBuilder(string graphName = "main")
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        GraphName = graphName;
    }

    /// <summary>The graph name.</summary>
    public string GraphName { get; }

    /// <summary>Number of nodes added so far.</summary>
    public int NodeCount => nodes.Count;

    /// <summary>Declares a graph input.</summary>
    /// <exception cref="ArgumentException">The name is already defined.</exception>
    public OnnxGraphBuilder AddInput(string name, TensorDataType elementType, params ReadOnlySpan<TensorDimension> dims)
    {
        Define(name);
        inputs.Add(new ValueInfoProto(name, new TensorTypeProto(elementType, new TensorShapeProto(dims))));
        return this;
    }

    /// <summary>Declares a graph output (a value some node produces).</summary>
    public OnnxGraphBuilder AddOutput(string name, TensorDataType elementType, params ReadOnlySpan<TensorDimension> dims)
    {
        outputs.Add(new ValueInfoProto(name, new TensorTypeProto(elementType, new TensorShapeProto(dims))));
        return this;
    }

    /// <summary>Adds a constant tensor.</summary>
    /// <exception cref="ArgumentException">The name is already defined.</exception>
    public OnnxGraphBuilder AddInitializer(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Define(tensor.Name);
        initializers.Add(tensor);
        return this;
    }

    /// <summary>Adds a float constant of shape <paramref name="dims"/> (empty for a 0-d scalar).</summary>
    public OnnxGraphBuilder AddInitializer(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims)
        => AddInitializer(TensorProto.FromFloats(name, dims, values));

    /// <summary>Adds an int64 constant of shape <paramref name="dims"/> (empty for a 0-d scalar).</summary>
    public OnnxGraphBuilder AddInitializer(string name, ReadOnlySpan<long> values, params ReadOnlySpan<long> dims)
        => AddInitializer(TensorProto.FromInt64s(name, dims, values));

    /// <summary>Adds an int32 constant of shape <paramref name="dims"/> (empty for a 0-d scalar).</summary>
    public OnnxGraphBuilder AddInitializer(string name, ReadOnlySpan<int> values, params ReadOnlySpan<long> dims)
        => AddInitializer(TensorProto.FromInt32s(name, dims, values));

    /// <summary>Adds a node with explicit output names; the node is named after its first output.</summary>
    /// <exception cref="ArgumentException">An output name is already defined.</exception>
    public OnnxGraphBuilder AddNode(string opType, ReadOnlySpan<string> nodeInputs, ReadOnlySpan<string> nodeOutputs, params ReadOnlySpan<AttributeProto> attributes)
    {
        foreach (string output in nodeOutputs)
        {
            Define(output);
        }

        string name = nodeOutputs.IsEmpty ? opType + "_" + NextId() : nodeOutputs[0];
        nodes.Add(new NodeProto(opType, nodeInputs, nodeOutputs, name, attributes));
        return this;
    }

    /// <summary>Adds a single-output node whose output gets a fresh name, and returns that name.</summary>
    public string Apply(string opType, ReadOnlySpan<string> nodeInputs, params ReadOnlySpan<AttributeProto> attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        string output = opType + "_" + NextId();
        AddNode(opType, nodeInputs, [output], attributes);
        return output;
    }

    /// <summary>Returns a name no value in this graph uses yet, starting with <paramref name="prefix"/>.</summary>
    public string UniqueName(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        string name = prefix;
        while (defined.Contains(name))
        {
            name = prefix + "_" + NextId();
        }

        return name;
    }

    /// <summary>Checks the graph and serializes it as an ONNX model.</summary>
    /// <param name="opset">The <c>ai.onnx</c> operator set version (default 17).</param>
    /// <param name="producerName">Written to <c>producer_name</c>.</param>
    /// <returns>The model file bytes.</returns>
    /// <exception cref="InvalidOperationException">A node reads a value that is not defined before it, or an output is never produced.</exception>
    public byte[] ToModelBytes(int opset = 17, string producerName = "Mcip.RagPref")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(opset);
        Validate();
        var graph = new GraphProto(GraphName, nodes, initializers, inputs, outputs);
        var model = new ModelProto(DefaultIrVersion, producerName, string.Empty, graph, [new OperatorSetIdProto(string.Empty, opset)]);
        return model.ToBytes();
    }

    private void Validate()
    {
        var available = new HashSet<string>(StringComparer.Ordinal);
        foreach (ValueInfoProto input in inputs)
        {
            available.Add(input.Name);
        }

        foreach (TensorProto initializer in initializers)
        {
            available.Add(initializer.Name);
        }

        foreach (NodeProto node in nodes)
        {
            foreach (string input in node.Inputs)
            {
                if (input.Length > 0 && !available.Contains(input))
                {
                    throw new InvalidOperationException($"Node '{node.Name}' ({node.OpType}) reads '{input}', which no input, initializer or earlier node defines.");
                }
            }

            foreach (string output in node.Outputs)
            {
                available.Add(output);
            }
        }

        foreach (ValueInfoProto output in outputs)
        {
            if (!available.Contains(output.Name))
            {
                throw new InvalidOperationException($"Graph output '{output.Name}' is never produced.");
            }
        }
    }

    private void Define(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!defined.Add(name))
        {
            throw new ArgumentException($"The value name '{name}' is already defined in graph '{GraphName}'.", nameof(name));
        }
    }

    private string NextId() => (autoNameCounter++).ToString(CultureInfo.InvariantCulture);
}
