using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// The ONNX part of a BERT-family sentence encoder, on ONNX Runtime's managed API: token ids and attention mask in,
/// pooling of the hidden states (mean over the attention mask, the <c>[CLS]</c> token, or the maximum), L2
/// normalisation, unit vectors out. Tokenisation is the caller's job.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// allows concurrent runs, and every call creates its own input and output values; the encoder itself holds only
/// immutable state.
/// </remarks>
internal sealed partial class BertOnnxEncoder : IDisposable
{
    private const float NormFloor = 1e-12f;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly bool[] _int32Inputs;
    private readonly bool _hasMask;
    private readonly bool _hasTypes;
    private readonly string[] _outputName;
    private readonly BertPooling _pooling;

    private BertOnnxEncoder(InferenceSession session, string description, string[] inputNames, bool[] int32Inputs, bool hasMask, bool hasTypes, string outputName, BertPooling pooling)
    {
        _session = session;
        Description = description;
        _inputNames = inputNames;
        _int32Inputs = int32Inputs;
        _hasMask = hasMask;
        _hasTypes = hasTypes;
        _outputName = [outputName];
        _pooling = pooling;
    }

    /// <summary>The length of every vector (the model's hidden size).</summary>
    public int Dimensions { get; private set; }

    /// <summary>Which model this is, for messages.</summary>
    public string Description { get; }

    /// <summary>
    /// Encodes a padded batch: <paramref name="inputIds"/> and <paramref name="attentionMask"/> are
    /// [<paramref name="batchSize"/>, <paramref name="sequenceLength"/>] row-major (mask 1 for real tokens,
    /// 0 for padding); <paramref name="tokenTypeIds"/> is the same shape or empty for all zeros.
    /// Writes <paramref name="batchSize"/> unit vectors of <see cref="Dimensions"/> floats to <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    /// <exception cref="RagPrefException">ONNX Runtime fails, or the output does not have the expected shape.</exception>
    public void Encode(
        ReadOnlySpan<long> inputIds,
        ReadOnlySpan<long> attentionMask,
        ReadOnlySpan<long> tokenTypeIds,
        int batchSize,
        int sequenceLength,
        Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        int count = checked(batchSize * sequenceLength);
        CheckLength(inputIds.Length, count, nameof(inputIds));
        CheckLength(attentionMask.Length, count, nameof(attentionMask));
        if (!tokenTypeIds.IsEmpty)
        {
            CheckLength(tokenTypeIds.Length, count, nameof(tokenTypeIds));
        }

        if (destination.Length < batchSize * Dimensions)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {batchSize * Dimensions} are needed.", nameof(destination));
        }

        long[] shape = [batchSize, sequenceLength];
        var inputs = new OrtValue[_inputNames.Length];
        try
        {
            int next = 0;
            inputs[next] = CreateInput(inputIds, shape, _int32Inputs[next]);
            next++;
            if (_hasMask)
            {
                inputs[next] = CreateInput(attentionMask, shape, _int32Inputs[next]);
                next++;
            }

            if (_hasTypes)
            {
                inputs[next] = CreateInput(tokenTypeIds, shape, _int32Inputs[next], zeros: tokenTypeIds.IsEmpty);
            }

            using IDisposableReadOnlyCollection<OrtValue> outputs = Run(inputs);
            Pool(outputs[0], attentionMask, batchSize, sequenceLength, destination);
        }
        finally
        {
            foreach (OrtValue? input in inputs)
            {
                input?.Dispose();
            }
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} holds {actual} values; batch size x sequence length = {expected}.", name);
        }
    }

    /// <summary>A tensor owned by ONNX Runtime's CPU allocator, filled with <paramref name="values"/> (or zeros).</summary>
    private static OrtValue CreateInput(ReadOnlySpan<long> values, long[] shape, bool int32, bool zeros = false)
    {
        OrtValue value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, int32 ? TensorElementType.Int32 : TensorElementType.Int64, shape);
        try
        {
            if (int32)
            {
                Span<int> target = value.GetTensorMutableDataAsSpan<int>();
                if (zeros)
                {
                    target.Clear();
                }
                else
                {
                    TensorPrimitives.ConvertChecked(values, target);
                }
            }
            else
            {
                Span<long> target = value.GetTensorMutableDataAsSpan<long>();
                if (zeros)
                {
                    target.Clear();
                }
                else
                {
                    values.CopyTo(target);
                }
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(OrtValue[] inputs)
    {
        try
        {
            return _session.Run(_runOptions, _inputNames, inputs, _outputName);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new RagPrefException($"ONNX Runtime failed to run the model {Description}: {ex.Message}", ex);
        }
    }

    private void Pool(OrtValue output, ReadOnlySpan<long> attentionMask, int batchSize, int sequenceLength, Span<float> destination)
    {
        OrtTensorTypeAndShapeInfo info = output.GetTensorTypeAndShape();
        long[] shape = info.Shape;
        if (info.ElementDataType != TensorElementType.Float || shape.Length != 3 || shape[0] != batchSize || shape[1] != sequenceLength || shape[2] != Dimensions)
        {
            throw new RagPrefException(
                $"The ONNX model {Description} returned '{_outputName[0]}' as {info.ElementDataType} [{string.Join(", ", shape)}]; "
                + $"Float [{batchSize}, {sequenceLength}, {Dimensions}] was expected (batch, tokens, hidden). "
                + "Use a model whose output is the per-token hidden state, or set OutputName to such an output.");
        }

        ReadOnlySpan<float> hidden = output.GetTensorDataAsSpan<float>();
        int width = Dimensions;
        for (int row = 0; row < batchSize; row++)
        {
            Span<float> vector = destination.Slice(row * width, width);
            ReadOnlySpan<float> rowHidden = hidden.Slice(row * sequenceLength * width, sequenceLength * width);
            ReadOnlySpan<long> rowMask = attentionMask.Slice(row * sequenceLength, sequenceLength);
            switch (_pooling)
            {
                case BertPooling.Cls:
                    rowHidden[..width].CopyTo(vector);
                    break;
                case BertPooling.Max:
                    PoolMax(rowHidden, rowMask, vector);
                    break;
                default:
                    PoolMean(rowHidden, rowMask, vector);
                    break;
            }

            float norm = TensorPrimitives.Norm(vector);
            TensorPrimitives.Divide(vector, MathF.Max(norm, NormFloor), vector);
        }
    }

    private static void PoolMean(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, Span<float> vector)
    {
        int width = vector.Length;
        vector.Clear();
        int tokens = 0;
        for (int t = 0; t < mask.Length; t++)
        {
            if (mask[t] != 0)
            {
                TensorPrimitives.Add(vector, hidden.Slice(t * width, width), vector);
                tokens++;
            }
        }

        if (tokens > 0)
        {
            TensorPrimitives.Divide(vector, tokens, vector);
        }
    }

    private static void PoolMax(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, Span<float> vector)
    {
        int width = vector.Length;
        vector.Fill(float.NegativeInfinity);
        bool any = false;
        for (int t = 0; t < mask.Length; t++)
        {
            if (mask[t] != 0)
            {
                TensorPrimitives.Max(vector, hidden.Slice(t * width, width), vector);
                any = true;
            }
        }

        if (!any)
        {
            vector.Clear();
        }
    }
}
