using Mcip.RagPref.Onnx.Proto;

namespace Mcip.RagPref.Embeddings.UseLite;

/// <summary>
/// Builds the ONNX graph of Universal Sentence Encoder Lite from its TensorFlow.js weights (see
/// <see cref="UseLiteOnnxConverter"/> for the computation). Single use: one instance builds one model.
/// </summary>
internal sealed partial class UseLiteGraph
{
    private const string Prefix = "module_apply_default/Encoder_en/KonaTransformer/";
    private const string Stack = Prefix + "Encode/TransformerStack/";
    private const int EmbeddingWidth = 256;
    private const int VocabularyRows = 8002;

    private readonly TfjsWeights weights;
    private readonly OnnxGraphBuilder builder = new("use_lite");

    /// <summary>Creates a builder over loaded weights.</summary>
    public UseLiteGraph(TfjsWeights weights) => this.weights = weights;

    /// <summary>Builds the model bytes.</summary>
    public byte[] Build()
    {
        builder.AddInput(UseLiteOnnxConverter.InputName, TensorDataType.Int32, TensorDimension.Symbolic("batch"), TensorDimension.Symbolic("tokens"));

        int maxTokens = weights[Prefix + "ClipToMaxLength/Less/y"].ToInt32s()[0];
        float epsilon = weights[Stack + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x"].ToFloatScalar();
        float paddingBias = weights[Stack + "Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y"].ToFloatScalar();

        // Token ids: keep the first maxTokens columns; padding (-1) marks absent tokens.
        string ids = builder.Apply("Slice", [UseLiteOnnxConverter.InputName, Int64s("zero_1d", 0), Int64s("max_tokens_1d", maxTokens), Int64s("axis1_1d", 1)]);
        string mask = builder.Apply("Greater", [ids, Int32Scalar("padding_id", UseLiteOnnxConverter.PaddingId)]);
        string safeIds = builder.Apply("Where", [mask, ids, Int32Scalar("zero_id", 0)]);
        string maskF = builder.Apply("Cast", [mask], AttributeProto.Int("to", (long)TensorDataType.Float));

        string layer0Input = EmbedTokens(safeIds, ids, maxTokens);

        // Attention bias: paddingBias (-1e9) on padded keys, shaped [batch, 1, 1, tokens].
        string notMask = builder.Apply("Sub", [FloatScalar("one", 1f), maskF]);
        string keyBias = builder.Apply("Unsqueeze", [builder.Apply("Mul", [notMask, FloatScalar("padding_bias", paddingBias)]), Int64s("axes_1_2", 1, 2)]);

        var layer0 = new LayerShape(Index: 0, InputWidth: EmbeddingWidth, AttentionWidth: 256, Heads: HeadCount(), HeadWidth: HeadWidth(0), DenseResidual: true);
        var layer1 = new LayerShape(Index: 1, InputWidth: 512, AttentionWidth: 512, Heads: HeadCount(), HeadWidth: HeadWidth(1), DenseResidual: false);
        string hidden = TransformerLayer(layer0, layer0Input, keyBias, epsilon);
        hidden = TransformerLayer(layer1, hidden, keyBias, epsilon);

        string pooled = MaskedMean(hidden, maskF);
        Encoder(pooled);
        builder.AddOutput(UseLiteOnnxConverter.OutputName, TensorDataType.Float, TensorDimension.Symbolic("batch"), TensorDimension.Fixed(UseLiteAssets.Dimensions));
        return builder.ToModelBytes(UseLiteOnnxConverter.Opset);
    }

    /// <summary>Layer-0 input: E[id] + (E[id] + P[position]) for every column.</summary>
    private string EmbedTokens(string safeIds, string ids, int maxTokens)
    {
        string table = Weight("module/Embeddings_en", "token_embedding", VocabularyRows, EmbeddingWidth);
        string tokens = builder.Apply("Gather", [table, safeIds], AttributeProto.Int("axis", 0));

        builder.AddInitializer("position_code", PositionCode(maxTokens), maxTokens, EmbeddingWidth);
        string length = builder.Apply("Shape", [ids], AttributeProto.Int("start", 1), AttributeProto.Int("end", 2));
        string positions = builder.Apply("Slice", ["position_code", "zero_1d", length, Int64s("axis0_1d", 0)]);
        return builder.Apply("Add", [tokens, builder.Apply("Add", [tokens, positions])]);
    }

    /// <summary>
    /// The timing signal: sin and cos of position x the stored frequency row (float32 product, as the
    /// original graph computes it), concatenated to the embedding width. The stored row is used as is:
    /// recomputing the frequencies is 1 ulp off.
    /// </summary>
    private float[] PositionCode(int maxTokens)
    {
        float[] frequencies = weights[Stack + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1"].RequireShape(1, EmbeddingWidth / 2).ToFloats();
        int half = frequencies.Length;
        float[] code = new float[maxTokens * EmbeddingWidth];
        for (int position = 0; position < maxTokens; position++)
        {
            for (int i = 0; i < half; i++)
            {
                float angle = position * frequencies[i];
                code[(position * EmbeddingWidth) + i] = (float)Math.Sin(angle);
                code[(position * EmbeddingWidth) + half + i] = (float)Math.Cos(angle);
            }
        }

        return code;
    }

    /// <summary>Sum of the hidden states of real tokens divided by max(count, 1).</summary>
    private string MaskedMean(string hidden, string maskF)
    {
        string axis1 = "axis1_1d";
        string count = builder.Apply("ReduceSum", [maskF, axis1], AttributeProto.Int("keepdims", 1));
        string denominator = builder.Apply("Max", [count, "one"]);
        string masked = builder.Apply("Mul", [hidden, builder.Apply("Unsqueeze", [maskF, Int64s("axes_2", 2)])]);
        string sum = builder.Apply("ReduceSum", [masked, axis1], AttributeProto.Int("keepdims", 0));
        return builder.Apply("Div", [sum, denominator]);
    }

    /// <summary>tanh(x·W + b), then x / sqrt(max(|x|², floor)).</summary>
    private void Encoder(string pooled)
    {
        string w = Weight("module/Encoder_en/hidden_layers/tanh_layer_0/weights", "tanh_w", UseLiteAssets.Dimensions, UseLiteAssets.Dimensions);
        string b = Weight("module/Encoder_en/hidden_layers/tanh_layer_0/bias", "tanh_b", UseLiteAssets.Dimensions);
        float floor = weights["module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y"].ToFloatScalar();

        string t = builder.Apply("Tanh", [builder.Apply("Add", [builder.Apply("MatMul", [pooled, w]), b])]);
        string squares = builder.Apply("ReduceSum", [builder.Apply("Mul", [t, t]), "axis1_1d"], AttributeProto.Int("keepdims", 1));
        string clamped = builder.Apply("Max", [squares, FloatScalar("l2_floor", floor)]);
        string inverse = builder.Apply("Reciprocal", [builder.Apply("Sqrt", [clamped])]);
        builder.AddNode("Mul", [t, inverse], [UseLiteOnnxConverter.OutputName]);
    }

    private int HeadCount() => weights[Stack + "Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2"].ToInt32s()[0];

    private int HeadWidth(int layer) => weights[Stack + $"Layer_{layer}/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3"].ToInt32s()[0];

    /// <summary>Adds a weight as an initializer with the given ONNX shape (same element count) and returns its name.</summary>
    private string Weight(string tfName, string onnxName, params ReadOnlySpan<long> dims)
    {
        TfjsWeight weight = weights[tfName];
        long elements = 1;
        foreach (long dim in dims)
        {
            elements *= dim;
        }

        if (weight.DataType != TfjsDataType.Float32 || weight.ElementCount != elements)
        {
            throw new RagPrefException(
                $"Weight '{tfName}' is {weight.DataType} [{string.Join(", ", weight.Shape.ToArray())}] where float32 with {elements} elements was expected: "
                + "the model files are not Universal Sentence Encoder Lite 0.2.0. Delete the folder and run './build.sh setup' again.");
        }

        builder.AddInitializer(new TensorProto(onnxName, TensorDataType.Float, dims, weight.Data));
        return onnxName;
    }

    private string Int64s(string name, params ReadOnlySpan<long> values)
    {
        builder.AddInitializer(name, values, values.Length);
        return name;
    }

    private string Int32Scalar(string name, int value)
    {
        builder.AddInitializer(name, new[] { value });
        return name;
    }

    private string FloatScalar(string name, float value)
    {
        builder.AddInitializer(name, new[] { value });
        return name;
    }
}
