using System.Text;
using Mcip.RagPref.Embeddings.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mcip.RagPref.Embeddings;

/// <summary>Checking that a loaded model has the inputs and output the options name.</summary>
internal sealed partial class BertOnnxEncoder
{
    /// <summary>Loads the model file at <paramref name="modelPath"/> and wraps it (see the other overload).</summary>
    /// <exception cref="RagPrefException">The file is missing or invalid, or does not match the options.</exception>
    public static BertOnnxEncoder Create(string modelPath, BertOnnxEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(OnnxSessions.Open(modelPath, options), $"'{modelPath}'", options, options.Pooling ?? BertPooling.Mean);
    }

    /// <summary>
    /// Wraps <paramref name="session"/> (ownership passes to the encoder, or it is disposed on failure) after checking,
    /// from the model's own declarations, that it has every input and the output <paramref name="options"/> name, that
    /// it needs no other input, and their types.
    /// </summary>
    /// <exception cref="RagPrefException">The model does not match the options (one message lists every problem).</exception>
    public static BertOnnxEncoder Create(InferenceSession session, string description, BertOnnxEmbeddingGeneratorOptions options, BertPooling pooling)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var problems = new List<string>();
            IReadOnlyDictionary<string, NodeMetadata> declared = session.InputMetadata;
            bool? ids = Resolve(declared, options.InputIdsName, required: true, problems);
            bool? mask = options.AttentionMaskName is null ? null : Resolve(declared, options.AttentionMaskName, required: true, problems);
            bool? types = options.TokenTypeIdsName is null ? null : Resolve(declared, options.TokenTypeIdsName, required: false, problems);
            foreach (string input in declared.Keys)
            {
                if (input != options.InputIdsName && (mask is null || input != options.AttentionMaskName) && (types is null || input != options.TokenTypeIdsName))
                {
                    problems.Add($"the model also needs input {Format(input, declared[input])}, which a BERT embedder does not feed (set InputIdsName, AttentionMaskName or TokenTypeIdsName if it is one of those)");
                }
            }

            int hidden = ResolveOutput(session.OutputMetadata, options.OutputName, problems);
            if (problems.Count > 0 || ids is null)
            {
                var message = new StringBuilder($"The ONNX model {description} does not fit a BERT sentence encoder with these options:");
                foreach (string problem in problems)
                {
                    message.Append("\n  - ").Append(problem);
                }

                message.Append("\nThe model's inputs: ").Append(FormatList(declared))
                    .Append("; its outputs: ").Append(FormatList(session.OutputMetadata)).Append(". ")
                    .Append("Expected inputs input_ids and attention_mask (and optionally token_type_ids), int64 or int32, and a float output last_hidden_state [batch, tokens, hidden]; ")
                    .Append("set the name options of BertOnnxEmbeddingGeneratorOptions to match this model, or export it with those names.");
                throw new RagPrefException(message.ToString());
            }

            var names = new List<string> { options.InputIdsName };
            var int32 = new List<bool> { ids.Value };
            if (mask is not null)
            {
                names.Add(options.AttentionMaskName!);
                int32.Add(mask.Value);
            }

            if (types is not null)
            {
                names.Add(options.TokenTypeIdsName!);
                int32.Add(types.Value);
            }

            var encoder = new BertOnnxEncoder(session, description, [.. names], [.. int32], mask is not null, types is not null, options.OutputName, pooling)
            {
                Dimensions = hidden,
            };
            if (hidden <= 0)
            {
                encoder.Dimensions = encoder.ProbeDimensions();
            }

            return encoder;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Whether the input is int32 (<see langword="false"/>: int64); <see langword="null"/> when absent or unusable.</summary>
    private static bool? Resolve(IReadOnlyDictionary<string, NodeMetadata> declared, string name, bool required, List<string> problems)
    {
        if (!declared.TryGetValue(name, out NodeMetadata? info))
        {
            if (required)
            {
                problems.Add($"it has no input '{name}'");
            }

            return null;
        }

        if (!info.IsTensor || info.ElementDataType is not (TensorElementType.Int64 or TensorElementType.Int32) || info.Dimensions.Length != 2)
        {
            problems.Add($"input {Format(name, info)} should be int64 or int32 of rank 2 [batch, tokens]");
            return null;
        }

        return info.ElementDataType == TensorElementType.Int32;
    }

    private static int ResolveOutput(IReadOnlyDictionary<string, NodeMetadata> declared, string name, List<string> problems)
    {
        if (!declared.TryGetValue(name, out NodeMetadata? info))
        {
            problems.Add($"it has no output '{name}'");
            return 0;
        }

        if (!info.IsTensor || info.ElementDataType != TensorElementType.Float || info.Dimensions.Length != 3)
        {
            problems.Add($"output {Format(name, info)} should be float of rank 3 [batch, tokens, hidden]");
            return 0;
        }

        return Math.Max(info.Dimensions[2], 0);
    }

    private static string Format(string name, NodeMetadata info) =>
        info.IsTensor
            ? $"{name} ({info.ElementDataType.ToString().ToLowerInvariant()} [{string.Join(", ", info.Dimensions.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}])"
            : $"{name} ({info.OnnxValueType})";

    private static string FormatList(IReadOnlyDictionary<string, NodeMetadata> declared) =>
        declared.Count == 0 ? "(none)" : string.Join(", ", declared.Select(pair => Format(pair.Key, pair.Value)));

    /// <summary>The model declares a dynamic hidden size: run one token once and read it from the output shape.</summary>
    private int ProbeDimensions()
    {
        long[] shape = [1, 1];
        var inputs = new OrtValue[_inputNames.Length];
        try
        {
            ReadOnlySpan<long> zero = [0];
            ReadOnlySpan<long> one = [1];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = CreateInput(i == 1 && _hasMask ? one : zero, shape, _int32Inputs[i]);
            }

            using IDisposableReadOnlyCollection<OrtValue> outputs = Run(inputs);
            long[] dims = outputs[0].GetTensorTypeAndShape().Shape;
            if (dims.Length != 3 || dims[2] <= 0)
            {
                throw new RagPrefException(
                    $"The ONNX model {Description} returned '{_outputName[0]}' with shape [{string.Join(", ", dims)}] for one token; [1, 1, hidden] was expected.");
            }

            return checked((int)dims[2]);
        }
        finally
        {
            foreach (OrtValue? input in inputs)
            {
                input?.Dispose();
            }
        }
    }
}
