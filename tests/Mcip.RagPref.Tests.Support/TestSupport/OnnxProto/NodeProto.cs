namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>
/// <c>onnx.NodeProto</c>: <c>input</c> (1), <c>output</c> (2), <c>name</c> (3), <c>op_type</c> (4),
/// <c>attribute</c> (5) and <c>domain</c> (7, omitted for the default ONNX domain).
/// </summary>
internal sealed class NodeProto : IProtoMessage
{
    private const int InputField = 1;
    private const int OutputField = 2;
    private const int NameField = 3;
    private const int OpTypeField = 4;
    private const int AttributeField = 5;
    private const int DomainField = 7;

    private readonly string[] inputs;
    private readonly string[] outputs;
    private readonly AttributeProto[] attributes;

    /// <summary>Creates a node; an empty input name marks an omitted optional input.</summary>
    public NodeProto(string opType, ReadOnlySpan<string> inputs, ReadOnlySpan<string> outputs, string name, ReadOnlySpan<AttributeProto> attributes, string domain = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(domain);
        OpType = opType;
        Name = name;
        Domain = domain;
        this.inputs = inputs.ToArray();
        this.outputs = outputs.ToArray();
        this.attributes = attributes.ToArray();
    }

    /// <summary>The operator, for example <c>MatMul</c>.</summary>
    public string OpType { get; }

    /// <summary>The node name (may be empty).</summary>
    public string Name { get; }

    /// <summary>The operator set domain; empty means <c>ai.onnx</c>.</summary>
    public string Domain { get; }

    /// <summary>The input value names.</summary>
    public IReadOnlyList<string> Inputs => inputs;

    /// <summary>The output value names.</summary>
    public IReadOnlyList<string> Outputs => outputs;

    /// <inheritdoc />
    public int ComputeSize()
    {
        int size = 0;
        foreach (string input in inputs)
        {
            size += ProtoSize.String(InputField, input);
        }

        foreach (string output in outputs)
        {
            size += ProtoSize.String(OutputField, output);
        }

        if (Name.Length > 0)
        {
            size += ProtoSize.String(NameField, Name);
        }

        size += ProtoSize.String(OpTypeField, OpType);
        foreach (AttributeProto attribute in attributes)
        {
            size += ProtoSize.Message(AttributeField, attribute);
        }

        if (Domain.Length > 0)
        {
            size += ProtoSize.String(DomainField, Domain);
        }

        return size;
    }

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        foreach (string input in inputs)
        {
            writer.WriteString(InputField, input);
        }

        foreach (string output in outputs)
        {
            writer.WriteString(OutputField, output);
        }

        if (Name.Length > 0)
        {
            writer.WriteString(NameField, Name);
        }

        writer.WriteString(OpTypeField, OpType);
        foreach (AttributeProto attribute in attributes)
        {
            writer.WriteMessage(AttributeField, attribute);
        }

        if (Domain.Length > 0)
        {
            writer.WriteString(DomainField, Domain);
        }
    }
}
