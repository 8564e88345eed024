using Mcip.RagPref.Onnx.Proto;

namespace Mcip.RagPref.Embeddings.UseLite;

/// <content>The two pre-LayerNorm transformer layers.</content>
internal sealed partial class UseLiteGraph
{
    private const string Encode = Prefix + "Encode/";
    private const int FeedForwardWidth = 1536;
    private const int HiddenWidth = 512;

    /// <summary>
    /// x + attention(LN(x)) (layer 0: dense(x) + attention), then h + FFN(LN(h)). The TensorFlow graph runs
    /// 1x1 convolutions over [batch, tokens, 1, width]: here they are MatMuls with the [in, out] kernels.
    /// </summary>
    private string TransformerLayer(LayerShape shape, string x, string keyBias, float epsilon)
    {
        string layer = $"Layer_{shape.Index}/TransformerLayer/";
        string name = $"l{shape.Index}_";
        int qkvWidth = 3 * shape.AttentionWidth;

        // Self-attention on the normalised input.
        string normalized = LayerNorm(x, Encode + layer + "layer_prepostprocess/layer_norm/", name + "ln_attn", shape.InputWidth, epsilon);
        string qkvKernel = Weight("module/Encoder_en/KonaTransformer/Encode/" + layer + "MultiheadAttention/qkv_transform_single/kernel/part_0", name + "qkv_w", shape.InputWidth, qkvWidth);
        string qkvBias = Weight(Encode + layer + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", name + "qkv_b", qkvWidth);
        string qkv = builder.Apply("Add", [builder.Apply("MatMul", [normalized, qkvKernel]), qkvBias]);

        int[] split = weights[Stack + layer + "MultiheadAttention/Const"].RequireShape(3).ToInt32s();
        foreach (int part in split)
        {
            if (part != shape.AttentionWidth || shape.Heads * shape.HeadWidth != shape.AttentionWidth)
            {
                throw new RagPrefException($"Layer {shape.Index} splits its projection as [{string.Join(", ", split)}] with {shape.Heads} heads of {shape.HeadWidth}, where three parts of {shape.AttentionWidth} were expected: the model files are not Universal Sentence Encoder Lite 0.2.0.");
            }
        }

        string q = builder.UniqueName(name + "q");
        string k = builder.UniqueName(name + "k");
        string v = builder.UniqueName(name + "v");
        builder.AddNode("Split", [qkv, Int64s(name + "split", split[0], split[1], split[2])], [q, k, v], AttributeProto.Int("axis", 2));

        string headShape = Int64s(name + "head_shape", 0, 0, shape.Heads, shape.HeadWidth);
        float queryScale = weights[Stack + layer + "MultiheadAttention/mul/y"].ToFloatScalar();
        string queries = builder.Apply("Mul", [SplitHeads(q, headShape, 0, 2, 1, 3), FloatScalar(name + "query_scale", queryScale)]);
        string keysTransposed = SplitHeads(k, headShape, 0, 2, 3, 1);
        string values = SplitHeads(v, headShape, 0, 2, 1, 3);

        string scores = builder.Apply("Add", [builder.Apply("MatMul", [queries, keysTransposed]), keyBias]);
        string attention = builder.Apply("Softmax", [scores], AttributeProto.Int("axis", -1));
        string context = builder.Apply("Transpose", [builder.Apply("MatMul", [attention, values])], AttributeProto.Ints("perm", 0, 2, 1, 3));
        string merged = builder.Apply("Reshape", [context, Int64s(name + "merged_shape", 0, 0, shape.AttentionWidth)]);

        string outKernel = Weight("module/Encoder_en/KonaTransformer/Encode/" + layer + "MultiheadAttention/output_transform_single/kernel/part_0", name + "out_w", shape.AttentionWidth, HiddenWidth);
        string outBias = Weight(Encode + layer + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", name + "out_b", HiddenWidth);
        string attended = builder.Apply("Add", [builder.Apply("MatMul", [merged, outKernel]), outBias]);

        string residual = x;
        if (shape.DenseResidual)
        {
            string denseKernel = Weight(Encode + layer + "dense/kernel/ConcatPartitions/concat", name + "residual_w", shape.InputWidth, HiddenWidth);
            string denseBias = Weight(Encode + layer + "dense/bias/ConcatPartitions/concat", name + "residual_b", HiddenWidth);
            residual = builder.Apply("Add", [builder.Apply("MatMul", [x, denseKernel]), denseBias]);
        }

        string hidden = builder.Apply("Add", [attended, residual]);

        // Feed-forward on the normalised hidden state.
        string ffnInput = LayerNorm(hidden, Encode + layer + "FFN/layer_prepostprocess/layer_norm/", name + "ln_ffn", HiddenWidth, epsilon);
        string w1 = Weight(Stack + layer + "FFN/conv1/Tensordot/Reshape_1", name + "ffn1_w", HiddenWidth, FeedForwardWidth);
        string b1 = Weight(Encode + layer + "FFN/conv1/bias/ConcatPartitions/concat", name + "ffn1_b", FeedForwardWidth);
        string w2 = Weight(Stack + layer + "FFN/conv2/Tensordot/Reshape_1", name + "ffn2_w", FeedForwardWidth, HiddenWidth);
        string b2 = Weight(Encode + layer + "FFN/conv2/bias/ConcatPartitions/concat", name + "ffn2_b", HiddenWidth);
        string inner = builder.Apply("Relu", [builder.Apply("Add", [builder.Apply("MatMul", [ffnInput, w1]), b1])]);
        string ffn = builder.Apply("Add", [builder.Apply("MatMul", [inner, w2]), b2]);
        return builder.Apply("Add", [ffn, hidden]);
    }

    /// <summary>LayerNormalization over the last axis (biased variance, the stored epsilon).</summary>
    private string LayerNorm(string x, string tfPrefix, string name, int width, float epsilon)
    {
        string scale = Weight(tfPrefix + "layer_norm_scale/ConcatPartitions/concat", name + "_scale", width);
        string bias = Weight(tfPrefix + "layer_norm_bias/ConcatPartitions/concat", name + "_bias", width);
        return builder.Apply("LayerNormalization", [x, scale, bias], AttributeProto.Int("axis", -1), AttributeProto.Float("epsilon", epsilon));
    }

    /// <summary>[batch, tokens, width] → [batch, tokens, heads, head width] → transposed by <paramref name="perm"/>.</summary>
    private string SplitHeads(string x, string headShape, params ReadOnlySpan<long> perm)
        => builder.Apply("Transpose", [builder.Apply("Reshape", [x, headShape])], AttributeProto.Ints("perm", perm));

    /// <summary>Sizes of one transformer layer.</summary>
    private readonly record struct LayerShape(int Index, int InputWidth, int AttentionWidth, int Heads, int HeadWidth, bool DenseResidual);
}
