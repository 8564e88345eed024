namespace Mcip.RagPref.Tests.TestSupport.OnnxProto;

/// <summary>A protocol-buffers message that knows its encoded size and writes itself.</summary>
internal interface IProtoMessage
{
    /// <summary>Exact number of bytes <see cref="WriteTo"/> writes (without this message's own tag and length).</summary>
    int ComputeSize();

    /// <summary>Writes the message's fields.</summary>
    void WriteTo(ref ProtoWriter writer);
}
