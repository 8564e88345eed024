using Mcip.RagPref.Tests.TestSupport.OnnxProto;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProtoTests;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void ToModelBytes_AddOfTwoInputs_StartsWithIrVersionAndEndsWithOpset()
    {
        var builder = new OnnxGraphBuilder("add");
        builder.AddInput("a", TensorDataType.Float, TensorDimension.Symbolic("n"))
            .AddInput("b", TensorDataType.Float, TensorDimension.Symbolic("n"))
            .AddNode("Add", ["a", "b"], ["c"])
            .AddOutput("c", TensorDataType.Float, TensorDimension.Symbolic("n"));

        byte[] bytes = builder.ToModelBytes(opset: 17);

        Assert.Equal(new byte[] { 0x08, 0x08 }, bytes[..2]);
        Assert.Equal(new byte[] { 0x42, 0x02, 0x10, 0x11 }, bytes[^4..]);
    }

    [Fact]
    public void ToModelBytes_NodeReadsUndefinedValue_ThrowsNamingIt()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("a", TensorDataType.Float, TensorDimension.Fixed(1));
        string output = builder.Apply("Add", ["a", "missing"]);
        builder.AddOutput(output, TensorDataType.Float, TensorDimension.Fixed(1));

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => builder.ToModelBytes());

        Assert.Contains("'missing'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToModelBytes_OutputNeverProduced_Throws()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("a", TensorDataType.Float, TensorDimension.Fixed(1));
        builder.AddOutput("z", TensorDataType.Float, TensorDimension.Fixed(1));

        Assert.Throws<InvalidOperationException>(() => builder.ToModelBytes());
    }

    [Fact]
    public void AddInitializer_DuplicateName_Throws()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInitializer("w", new float[] { 1f }, 1);

        Assert.Throws<ArgumentException>(() => builder.AddInitializer("w", new long[] { 1 }, 1));
    }

    [Fact]
    public void Apply_TwoNodes_ReturnsDistinctOutputNames()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("a", TensorDataType.Float, TensorDimension.Fixed(1));

        string first = builder.Apply("Neg", ["a"]);
        string second = builder.Apply("Neg", [first]);

        Assert.NotEqual(first, second);
        Assert.Equal(2, builder.NodeCount);
    }

    [Fact]
    public void UniqueName_NameTaken_ReturnsAnotherName()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("x", TensorDataType.Float, TensorDimension.Fixed(1));

        Assert.NotEqual("x", builder.UniqueName("x"));
        Assert.Equal("y", builder.UniqueName("y"));
    }
}
