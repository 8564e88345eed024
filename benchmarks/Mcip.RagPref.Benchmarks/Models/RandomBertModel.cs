using Mcip.RagPref.Assets;
using Mcip.RagPref.Tests.TestSupport.OnnxProto;

namespace Mcip.RagPref.Benchmarks.Models;

/// <summary>
/// Generates a BERT encoder ONNX model with random weights in the Hugging Face layout: inputs
/// <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c> (int64 [batch, seq]); output
/// <c>last_hidden_state</c> (float [batch, seq, hidden]). Post-norm layers with erf GELU, as BERT. The
/// model has the cost of the real one and no meaning; the file is generated into the asset cache on first
/// use (never committed) and reused afterwards.
/// </summary>
public static class RandomBertModel
{
    /// <summary>Bumped when the graph changes, so stale cached files are not reused.</summary>
    public const int GeneratorVersion = 1;

    private const float InitStdDev = 0.02f;
    private const float LayerNormEpsilon = 1e-12f;
    private const float MaskBias = -10000f;

    /// <summary>
    /// Returns the path of the model for <paramref name="config"/> under
    /// <paramref name="folder"/> (default: <c>generated/random-bert</c> in the asset cache), writing it first when absent.
    /// </summary>
    public static string GetOrCreate(RandomBertConfig config, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        folder ??= Path.Combine(AssetCache.Root, "generated", "random-bert");
        string path = Path.Combine(folder, config.FileName);
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        byte[] model = Build(config);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, model);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }

    /// <summary>Builds the model bytes.</summary>
    public static byte[] Build(RandomBertConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var graph = new Graph(config);
        return graph.Build();
    }

    private sealed class Graph(RandomBertConfig config)
    {
        private readonly OnnxGraphBuilder _builder = new("random_bert");
        private readonly Random _random = new(config.Seed);

        public byte[] Build()
        {
            TensorDimension batch = TensorDimension.Symbolic("batch");
            TensorDimension sequence = TensorDimension.Symbolic("sequence");
            _builder.AddInput("input_ids", TensorDataType.Int64, batch, sequence);
            _builder.AddInput("attention_mask", TensorDataType.Int64, batch, sequence);
            _builder.AddInput("token_type_ids", TensorDataType.Int64, batch, sequence);

            string hidden = Embeddings();
            string bias = AttentionBias();
            for (int layer = 0; layer < config.Layers; layer++)
            {
                hidden = Layer(layer, hidden, bias);
            }

            _builder.AddNode("Identity", [hidden], ["last_hidden_state"]);
            _builder.AddOutput("last_hidden_state", TensorDataType.Float, batch, sequence, TensorDimension.Fixed(config.Hidden));
            return _builder.ToModelBytes(opset: 17, producerName: "Mcip.RagPref.Benchmarks.RandomBertModel");
        }

        /// <summary>LayerNorm(word[input_ids] + position[0..seq) + type[token_type_ids]).</summary>
        private string Embeddings()
        {
            string words = _builder.Apply("Gather", [Normal("embeddings.word", config.VocabularySize, config.Hidden), "input_ids"], AttributeProto.Int("axis", 0));
            string length = _builder.Apply("Shape", ["input_ids"], AttributeProto.Int("start", 1), AttributeProto.Int("end", 2));
            string positions = _builder.Apply("Slice", [Normal("embeddings.position", config.MaxPositions, config.Hidden), Int64s("zero_1d", 0), length, Int64s("axis0_1d", 0)]);
            string types = _builder.Apply("Gather", [Normal("embeddings.token_type", config.TypeVocabularySize, config.Hidden), "token_type_ids"], AttributeProto.Int("axis", 0));
            string sum = _builder.Apply("Add", [_builder.Apply("Add", [words, positions]), types]);
            return LayerNorm("embeddings.norm", sum);
        }

        /// <summary>-10000 on padded keys, 0 elsewhere, shaped [batch, 1, 1, seq].</summary>
        private string AttentionBias()
        {
            string mask = _builder.Apply("Cast", ["attention_mask"], AttributeProto.Int("to", (long)TensorDataType.Float));
            string inverse = _builder.Apply("Sub", [Scalar("one", 1f), mask]);
            string bias = _builder.Apply("Mul", [inverse, Scalar("mask_bias", MaskBias)]);
            return _builder.Apply("Unsqueeze", [bias, Int64s("axes_1_2", 1, 2)]);
        }

        private string Layer(int index, string x, string bias)
        {
            string name = $"layer{index}.";
            int headWidth = config.Hidden / config.Heads;
            string headShape = Int64s(name + "head_shape", 0, 0, config.Heads, headWidth);
            string query = Heads(Dense(name + "query", x, config.Hidden, config.Hidden), headShape, 0, 2, 1, 3);
            string key = Heads(Dense(name + "key", x, config.Hidden, config.Hidden), headShape, 0, 2, 3, 1);
            string value = Heads(Dense(name + "value", x, config.Hidden, config.Hidden), headShape, 0, 2, 1, 3);

            string scores = _builder.Apply("Mul", [_builder.Apply("MatMul", [query, key]), Scalar(name + "scale", 1f / MathF.Sqrt(headWidth))]);
            string probabilities = _builder.Apply("Softmax", [_builder.Apply("Add", [scores, bias])], AttributeProto.Int("axis", -1));
            string context = _builder.Apply("Transpose", [_builder.Apply("MatMul", [probabilities, value])], AttributeProto.Ints("perm", 0, 2, 1, 3));
            string merged = _builder.Apply("Reshape", [context, Int64s(name + "merged_shape", 0, 0, config.Hidden)]);
            string attended = LayerNorm(name + "attention.norm", _builder.Apply("Add", [Dense(name + "attention.output", merged, config.Hidden, config.Hidden), x]));

            string inner = Gelu(Dense(name + "intermediate", attended, config.Hidden, config.Intermediate));
            string output = Dense(name + "output", inner, config.Intermediate, config.Hidden);
            return LayerNorm(name + "output.norm", _builder.Apply("Add", [output, attended]));
        }

        private string Heads(string x, string headShape, params ReadOnlySpan<long> perm)
            => _builder.Apply("Transpose", [_builder.Apply("Reshape", [x, headShape])], AttributeProto.Ints("perm", perm));

        private string Dense(string name, string x, int inputs, int outputs)
        {
            string weight = Normal(name + ".weight", inputs, outputs);
            string biasName = name + ".bias";
            _builder.AddInitializer(biasName, new float[outputs], outputs);
            return _builder.Apply("Add", [_builder.Apply("MatMul", [x, weight]), biasName]);
        }

        /// <summary>GELU with erf: 0.5 · x · (1 + erf(x / √2)).</summary>
        private string Gelu(string x)
        {
            string erf = _builder.Apply("Erf", [_builder.Apply("Mul", [x, Scalar(_builder.UniqueName("inv_sqrt2"), 1f / MathF.Sqrt(2f))])]);
            string onePlus = _builder.Apply("Add", [erf, Scalar(_builder.UniqueName("gelu_one"), 1f)]);
            return _builder.Apply("Mul", [_builder.Apply("Mul", [x, onePlus]), Scalar(_builder.UniqueName("gelu_half"), 0.5f)]);
        }

        private string LayerNorm(string name, string x)
        {
            float[] ones = new float[config.Hidden];
            Array.Fill(ones, 1f);
            _builder.AddInitializer(name + ".weight", ones, config.Hidden);
            _builder.AddInitializer(name + ".bias", new float[config.Hidden], config.Hidden);
            return _builder.Apply("LayerNormalization", [x, name + ".weight", name + ".bias"], AttributeProto.Int("axis", -1), AttributeProto.Float("epsilon", LayerNormEpsilon));
        }

        /// <summary>A [rows, columns] initializer of normal(0, 0.02) values.</summary>
        private string Normal(string name, int rows, int columns)
        {
            float[] values = new float[checked(rows * columns)];
            for (int i = 0; i < values.Length; i += 2)
            {
                // Box-Muller: two independent normals from two uniforms.
                double u1 = 1.0 - _random.NextDouble();
                double u2 = _random.NextDouble();
                double radius = Math.Sqrt(-2.0 * Math.Log(u1)) * InitStdDev;
                values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
                if (i + 1 < values.Length)
                {
                    values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
                }
            }

            _builder.AddInitializer(name, values, rows, columns);
            return name;
        }

        private string Scalar(string name, float value)
        {
            _builder.AddInitializer(name, [value]);
            return name;
        }

        private string Int64s(string name, params ReadOnlySpan<long> values)
        {
            _builder.AddInitializer(name, values, values.Length);
            return name;
        }
    }
}
