using System.Text;
using Mcip.RagPref.Onnx;

namespace Mcip.RagPref.Embeddings;

/// <summary>Loading the model and checking it has the inputs and output the options name.</summary>
internal sealed partial class BertOnnxEncoder
{
    /// <summary>
    /// Loads <paramref name="modelPath"/> and checks, reading the model's own declarations, that it has every
    /// input and the output <paramref name="options"/> name, that it needs no other input, and their types.
    /// </summary>
    /// <exception cref="RagPrefException">The model is missing or invalid, or does not match the options (one message lists every problem).</exception>
    public static BertOnnxEncoder Create(string modelPath, BertOnnxEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OnnxSession session = OnnxSession.Create(modelPath, options.OnnxRuntime);
        try
        {
            var problems = new List<string>();
            BertModelInput? ids = Resolve(session, options.InputIdsName, required: true, problems);
            BertModelInput? mask = options.AttentionMaskName is null ? null : Resolve(session, options.AttentionMaskName, required: true, problems);
            BertModelInput? types = options.TokenTypeIdsName is null ? null : Resolve(session, options.TokenTypeIdsName, required: false, problems);
            foreach (OnnxTensorInfo input in session.Inputs)
            {
                if (input.Name != ids?.Name && input.Name != mask?.Name && input.Name != types?.Name)
                {
                    problems.Add($"the model also needs input {input}, which a BERT embedder does not feed (set InputIdsName, AttentionMaskName or TokenTypeIdsName if it is one of those)");
                }
            }

            int hidden = ResolveOutput(session, options.OutputName, problems);
            if (problems.Count > 0 || ids is null)
            {
                var message = new StringBuilder($"The ONNX model {session.Description} does not fit a BERT sentence encoder with these options:");
                foreach (string problem in problems)
                {
                    message.Append("\n  - ").Append(problem);
                }

                message.Append("\nThe model's inputs: ").Append(OnnxTensorInfo.FormatList(session.Inputs))
                    .Append("; its outputs: ").Append(OnnxTensorInfo.FormatList(session.Outputs)).Append(". ")
                    .Append("Expected inputs input_ids and attention_mask (and optionally token_type_ids), int64 or int32, and a float output last_hidden_state [batch, tokens, hidden]; ")
                    .Append("set the name options of BertOnnxEmbeddingGeneratorOptions to match this model, or export it with those names.");
                throw new RagPrefException(message.ToString());
            }

            var encoder = new BertOnnxEncoder(session, ids, mask, types, options.OutputName) { Dimensions = hidden };
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

    private static BertModelInput? Resolve(OnnxSession session, string name, bool required, List<string> problems)
    {
        int index = session.IndexOfInput(name);
        if (index < 0)
        {
            if (required)
            {
                problems.Add($"it has no input '{name}'");
            }

            return null;
        }

        OnnxTensorInfo info = session.Inputs[index];
        if (info.ElementType is not (OnnxElementType.Int64 or OnnxElementType.Int32) || info.Rank != 2)
        {
            problems.Add($"input {info} should be int64 or int32 of rank 2 [batch, tokens]");
            return null;
        }

        return new BertModelInput(info.Name, info.ElementType);
    }

    private static int ResolveOutput(OnnxSession session, string name, List<string> problems)
    {
        int index = session.IndexOfOutput(name);
        if (index < 0)
        {
            problems.Add($"it has no output '{name}'");
            return 0;
        }

        OnnxTensorInfo info = session.Outputs[index];
        if (info.ElementType != OnnxElementType.Float || info.Rank != 3)
        {
            problems.Add($"output {info} should be float of rank 3 [batch, tokens, hidden]");
            return 0;
        }

        return checked((int)Math.Max(info.Dimensions[2], 0));
    }

    /// <summary>The model declares a dynamic hidden size: run one token once and read it from the output shape.</summary>
    private int ProbeDimensions()
    {
        long[] one = [0];
        long[] onMask = [1];
        long[] shape = [1, 1];
        var inputs = new List<OnnxInput> { Bind(_ids, one, shape) };
        if (_mask is not null)
        {
            inputs.Add(Bind(_mask, onMask, shape));
        }

        if (_types is not null)
        {
            inputs.Add(Bind(_types, one, shape));
        }

        using OnnxOutputs outputs = _session.Run(inputs.ToArray(), _outputName);
        ReadOnlySpan<long> dims = outputs.GetShape(0);
        if (dims.Length != 3 || dims[2] <= 0)
        {
            throw new RagPrefException(
                $"The ONNX model {Description} returned '{_outputName[0]}' with shape {OnnxTensorInfo.FormatShape(dims)} for one token; [1, 1, hidden] was expected.");
        }

        return checked((int)dims[2]);
    }

    private static OnnxInput Bind(BertModelInput input, long[] value, long[] shape) =>
        input.ElementType == OnnxElementType.Int64
            ? OnnxInput.Int64(input.Name, value, shape)
            : OnnxInput.Int32(input.Name, new[] { (int)value[0] }, shape);
}
