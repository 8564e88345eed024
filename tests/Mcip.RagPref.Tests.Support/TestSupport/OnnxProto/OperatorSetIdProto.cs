namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary><c>onnx.OperatorSetIdProto</c>: <c>domain</c> (1, omitted for the default domain) and <c>version</c> (2).</summary>
internal sealed class OperatorSetIdProto : IProtoMessage
{
    private const int DomainField = 1;
    private const int VersionField = 2;

    /// <summary>Creates an operator set import.</summary>
    public OperatorSetIdProto(string domain, long version)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        Domain = domain;
        Version = version;
    }

    /// <summary>The domain; empty for <c>ai.onnx</c>.</summary>
    public string Domain { get; }

    /// <summary>The operator set version.</summary>
    public long Version { get; }

    /// <inheritdoc />
    public int ComputeSize()
        => (Domain.Length > 0 ? ProtoSize.String(DomainField, Domain) : 0) + ProtoSize.Int64(VersionField, Version);

    /// <inheritdoc />
    public void WriteTo(ref ProtoWriter writer)
    {
        if (Domain.Length > 0)
        {
            writer.WriteString(DomainField, Domain);
        }

        writer.WriteInt64(VersionField, Version);
    }
}
