using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Onnx;

/// <summary>Sessions over models built in the test: other input names, int32 and float inputs, several outputs.</summary>
public sealed class OnnxSessionModelTests
{
    [Fact]
    public void Create_SparseInputModel_ReadsInt32InputsAndTwoOutputs()
    {
        using OnnxSession session = OnnxSession.Create(TestOnnxModels.SparseInputs(), OnnxTestAssets.Options());

        Assert.Equal("indices (int32 [-1, 2]), values (int32 [-1])", OnnxTensorInfo.FormatList(session.Inputs));
        Assert.Equal("values_float (float [-1]), indices_float (float [-1, 2])", OnnxTensorInfo.FormatList(session.Outputs));
    }

    [Fact]
    public void Run_Int32Inputs_OutputsInTheRequestedOrderWithTheirShapes()
    {
        using OnnxSession session = OnnxSession.Create(TestOnnxModels.SparseInputs(), OnnxTestAssets.Options());
        int[] indices = [0, 0, 0, 1, 1, 0];
        int[] values = [7, 8, 9];

        using OnnxOutputs outputs = session.Run(
            [OnnxInput.Int32("indices", indices, new long[] { 3, 2 }), OnnxInput.Int32("values", values, new long[] { 3 })],
            ["indices_float", "values_float"]);

        Assert.Equal(2, outputs.Count);
        Assert.Equal("indices_float", outputs.GetName(0));
        Assert.Equal([3L, 2L], outputs.GetShape(0).ToArray());
        Assert.Equal([0f, 0f, 0f, 1f, 1f, 0f], outputs.GetFloatData(0).ToArray());
        Assert.Equal(1, outputs.IndexOf("values_float"));
        Assert.Equal([3L], outputs.GetShape(1).ToArray());
        Assert.Equal([7f, 8f, 9f], outputs.GetFloatData(1).ToArray());
    }

    [Fact]
    public void Run_FloatInputsOverSlicedMemory_AddsInPlace()
    {
        using OnnxSession session = OnnxSession.Create(TestOnnxModels.FloatAdd(), OnnxTestAssets.Options());
        float[] buffer = [99f, 1f, 2f, 3f, 4f, 5f, 6f, 99f];
        float[] other = [10f, 20f, 30f, 40f, 50f, 60f];
        long[] shape = [2, 3];

        using OnnxOutputs outputs = session.Run([OnnxInput.Float("a", buffer.AsMemory(1, 6), shape), OnnxInput.Float("b", other, shape)]);

        Assert.Equal([11f, 22f, 33f, 44f, 55f, 66f], outputs.GetFloatData(0).ToArray());
    }

    [Fact]
    public void Run_FixedDimensionMismatch_ThrowsBeforeCallingOnnxRuntime()
    {
        using OnnxSession session = OnnxSession.Create(TestOnnxModels.FloatAdd(), OnnxTestAssets.Options());
        long[] shape = [3, 2];

        RagPrefException ex = Assert.Throws<RagPrefException>(() => session.Run([OnnxInput.Float("a", new float[6], shape)]));

        Assert.Contains("has shape [2, 3] (−1 = any), but shape [3, 2] was given", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.OnnxRuntimeErrorCode);
    }

    [Fact]
    public void GetFloatData_IntOutput_ThrowsNamingTheType()
    {
        var graph = new Mcip.RagPref.Onnx.Proto.OnnxGraphBuilder("identity");
        graph.AddInput("x", Mcip.RagPref.Onnx.Proto.TensorDataType.Int64, Mcip.RagPref.Onnx.Proto.TensorDimension.Fixed(2))
            .AddNode("Identity", ["x"], ["y"])
            .AddOutput("y", Mcip.RagPref.Onnx.Proto.TensorDataType.Int64, Mcip.RagPref.Onnx.Proto.TensorDimension.Fixed(2));
        using OnnxSession session = OnnxSession.Create(graph.ToModelBytes(), OnnxTestAssets.Options());
        using OnnxOutputs outputs = session.Run([OnnxInput.Int64("x", new long[] { 1, 2 }, new long[] { 2 })]);

        Assert.Equal(OnnxElementType.Int64, outputs.GetElementType(0));
        RagPrefException ex = Assert.Throws<RagPrefException>(() => outputs.GetFloatData(0));
        Assert.Contains("'y' is a int64 tensor, but float was expected", ex.Message, StringComparison.Ordinal);
    }
}
