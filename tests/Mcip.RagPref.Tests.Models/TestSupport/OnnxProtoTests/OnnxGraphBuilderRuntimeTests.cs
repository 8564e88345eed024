using Mcip.RagPref.Tests.TestSupport.OnnxProto;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mcip.RagPref.Tests.TestSupport.OnnxProtoTests;

/// <summary>Models written by <see cref="OnnxGraphBuilder"/> load and run in the real ONNX Runtime.</summary>
public sealed class OnnxGraphBuilderRuntimeTests
{
    [Fact]
    public void ToModelBytes_AddOfTwoInputs_RunsInOnnxRuntime()
    {
        var builder = new OnnxGraphBuilder("add");
        builder.AddInput("a", TensorDataType.Float, TensorDimension.Symbolic("n"))
            .AddInput("b", TensorDataType.Float, TensorDimension.Symbolic("n"))
            .AddNode("Add", ["a", "b"], ["c"])
            .AddOutput("c", TensorDataType.Float, TensorDimension.Symbolic("n"));

        using var session = new InferenceSession(builder.ToModelBytes());
        long[] shape = [3];
        using OrtValue a = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 2, 3 }, shape);
        using OrtValue b = OrtValue.CreateTensorValueFromMemory(new float[] { 10, 20, 30 }, shape);
        using RunOptions run = new();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, ["a", "b"], [a, b], ["c"]);

        Assert.Equal(["a", "b"], session.InputMetadata.Keys.Order());
        Assert.Equal(TensorElementType.Float, session.InputMetadata["a"].ElementDataType);
        Assert.Equal([-1], session.InputMetadata["a"].Dimensions);
        Assert.Equal([11f, 22f, 33f], outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    [Fact]
    public void ToModelBytes_InitializersAttributesAndScalars_RunAsSpecified()
    {
        // y = Transpose(Gather(table, ids) * scale, perm [1, 0]) + Cast(ids > -1) broadcast over rows.
        var builder = new OnnxGraphBuilder();
        builder.AddInput("ids", TensorDataType.Int32, TensorDimension.Symbolic("n"))
            .AddInitializer("table", new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2)
            .AddInitializer("scale", new float[] { 0.5f })
            .AddInitializer("minus_one", new int[] { -1 });
        string gathered = builder.Apply("Gather", ["table", "ids"], AttributeProto.Int("axis", 0));
        string scaled = builder.Apply("Mul", [gathered, "scale"]);
        string transposed = builder.Apply("Transpose", [scaled], AttributeProto.Ints("perm", 1, 0));
        string valid = builder.Apply("Cast", [builder.Apply("Greater", ["ids", "minus_one"])], AttributeProto.Int("to", (long)TensorDataType.Float));
        builder.AddNode("Add", [transposed, valid], ["y"])
            .AddOutput("y", TensorDataType.Float, TensorDimension.Fixed(2), TensorDimension.Symbolic("n"));

        using var session = new InferenceSession(builder.ToModelBytes(opset: 17));
        using OrtValue ids = OrtValue.CreateTensorValueFromMemory(new int[] { 2, 0 }, [2]);
        using RunOptions run = new();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, ["ids"], [ids], ["y"]);

        Assert.Equal([2L, 2L], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([3.5f, 1.5f, 4f, 2f], outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }
}
