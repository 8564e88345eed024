using Mcip.RagPref.Tests.TestSupport.OnnxProto;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>Small ONNX models built in the test with the project's own model writer.</summary>
internal static class TestOnnxModels
{
    /// <summary>Rows of the <see cref="TinyEncoder"/> embedding table (8 tokens x 4).</summary>
    public static readonly float[] EncoderTable =
    [
        0.5f, 1f, -1f, 2f,
        1f, 0f, 0f, 0f,
        0f, 1f, 0f, 0f,
        0f, 0f, 1f, 0f,
        0f, 0f, 0f, 1f,
        1f, 1f, 1f, 1f,
        -1f, 2f, 0.25f, 3f,
        4f, -2f, 1f, 0.5f,
    ];

    /// <summary>
    /// The USE-Lite signature: int32 <c>indices</c> [n, 2] and int32 <c>values</c> [n]; outputs
    /// <c>values_float</c> = float(values) [n] and <c>indices_float</c> = float(indices) [n, 2].
    /// </summary>
    public static byte[] SparseInputs()
    {
        var graph = new OnnxGraphBuilder("sparse");
        graph.AddInput("indices", TensorDataType.Int32, TensorDimension.Symbolic("n"), TensorDimension.Fixed(2))
            .AddInput("values", TensorDataType.Int32, TensorDimension.Symbolic("n"))
            .AddNode("Cast", ["values"], ["values_float"], AttributeProto.Int("to", (long)TensorDataType.Float))
            .AddNode("Cast", ["indices"], ["indices_float"], AttributeProto.Int("to", (long)TensorDataType.Float))
            .AddOutput("values_float", TensorDataType.Float, TensorDimension.Symbolic("n"))
            .AddOutput("indices_float", TensorDataType.Float, TensorDimension.Symbolic("n"), TensorDimension.Fixed(2));
        return graph.ToModelBytes();
    }

    /// <summary>Float <c>a</c> [2, 3] + float <c>b</c> [2, 3] = <c>sum</c> [2, 3] (fixed dimensions).</summary>
    public static byte[] FloatAdd()
    {
        var graph = new OnnxGraphBuilder("add");
        graph.AddInput("a", TensorDataType.Float, TensorDimension.Fixed(2), TensorDimension.Fixed(3))
            .AddInput("b", TensorDataType.Float, TensorDimension.Fixed(2), TensorDimension.Fixed(3))
            .AddNode("Add", ["a", "b"], ["sum"])
            .AddOutput("sum", TensorDataType.Float, TensorDimension.Fixed(2), TensorDimension.Fixed(3));
        return graph.ToModelBytes();
    }

    /// <summary>
    /// A BERT-shaped encoder under other names: <c>ids</c> and <c>mask</c> [batch, tokens] (int64 or int32) to
    /// <c>hidden</c> [batch, tokens, 4] = <see cref="EncoderTable"/>[ids] x mask. With
    /// <paramref name="dynamicHidden"/> the hidden size is declared symbolic.
    /// </summary>
    public static byte[] TinyEncoder(bool int32Inputs, bool dynamicHidden)
    {
        TensorDataType idType = int32Inputs ? TensorDataType.Int32 : TensorDataType.Int64;
        var graph = new OnnxGraphBuilder("encoder");
        graph.AddInput("ids", idType, TensorDimension.Symbolic("batch"), TensorDimension.Symbolic("tokens"))
            .AddInput("mask", idType, TensorDimension.Symbolic("batch"), TensorDimension.Symbolic("tokens"))
            .AddInitializer("table", EncoderTable, 8, 4)
            .AddInitializer("last_axis", new long[] { -1 }, 1);
        string embedded = graph.Apply("Gather", ["table", "ids"], AttributeProto.Int("axis", 0));
        string maskFloat = graph.Apply("Cast", ["mask"], AttributeProto.Int("to", (long)TensorDataType.Float));
        string maskColumn = graph.Apply("Unsqueeze", [maskFloat, "last_axis"]);
        graph.AddNode("Mul", [embedded, maskColumn], ["hidden"])
            .AddOutput(
                "hidden",
                TensorDataType.Float,
                TensorDimension.Symbolic("batch"),
                TensorDimension.Symbolic("tokens"),
                dynamicHidden ? TensorDimension.Symbolic("hidden") : TensorDimension.Fixed(4));
        return graph.ToModelBytes();
    }

    /// <summary>Writes <paramref name="model"/> to a new temporary file and returns its path.</summary>
    public static string WriteTemp(byte[] model, string fileName = "model.onnx")
    {
        string folder = Directory.CreateTempSubdirectory("ragpref-model").FullName;
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, model);
        return path;
    }
}
