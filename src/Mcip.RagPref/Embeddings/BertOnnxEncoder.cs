using System.Buffers;
using System.Numerics.Tensors;
using Mcip.RagPref.Onnx;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// The ONNX part of a BERT-family sentence encoder: token ids and attention mask in, attention-masked mean
/// pooling of the hidden states, L2 normalisation, unit vectors out. Tokenisation is the caller's job.
/// </summary>
/// <remarks>
/// Thread-safe: the session allows concurrent runs, and every call uses its own pooled scratch; the encoder
/// itself holds only immutable state.
/// </remarks>
internal sealed partial class BertOnnxEncoder : IDisposable
{
    private const float NormFloor = 1e-12f;

    private readonly OnnxSession _session;
    private readonly BertModelInput _ids;
    private readonly BertModelInput? _mask;
    private readonly BertModelInput? _types;
    private readonly string[] _outputName;
    private readonly int _inputCount;

    private BertOnnxEncoder(OnnxSession session, BertModelInput ids, BertModelInput? mask, BertModelInput? types, string outputName)
    {
        _session = session;
        _ids = ids;
        _mask = mask;
        _types = types;
        _outputName = [outputName];
        _inputCount = 1 + (mask is null ? 0 : 1) + (types is null ? 0 : 1);
    }

    /// <summary>The length of every vector (the model's hidden size).</summary>
    public int Dimensions { get; private set; }

    /// <summary>Which model this is, for messages.</summary>
    public string Description => _session.Description;

    /// <summary>
    /// Encodes a padded batch: <paramref name="inputIds"/> and <paramref name="attentionMask"/> are
    /// [<paramref name="batchSize"/>, <paramref name="sequenceLength"/>] row-major (mask 1 for real tokens,
    /// 0 for padding); <paramref name="tokenTypeIds"/> is the same shape or empty for all zeros.
    /// Writes <paramref name="batchSize"/> unit vectors of <see cref="Dimensions"/> floats to <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    /// <exception cref="RagPrefException">ONNX Runtime fails, or the output does not have the expected shape.</exception>
    public unsafe void Encode(
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

        long[] shape = ArrayPool<long>.Shared.Rent(2);
        long[]? zeros = null;
        int[]?[] narrowed = new int[]?[3];
        var inputs = new OnnxInput[_inputCount];
        try
        {
            shape[0] = batchSize;
            shape[1] = sequenceLength;
            ReadOnlyMemory<long> shapeMemory = shape.AsMemory(0, 2);
            if (_types is not null && tokenTypeIds.IsEmpty)
            {
                zeros = ArrayPool<long>.Shared.Rent(count);
                Array.Clear(zeros, 0, count);
                tokenTypeIds = zeros.AsSpan(0, count);
            }

            fixed (long* ids = inputIds)
            fixed (long* mask = attentionMask)
            fixed (long* types = tokenTypeIds)
            {
                int next = 0;
                inputs[next++] = _ids.Bind(ids, inputIds, shapeMemory, ref narrowed[0]);
                if (_mask is not null)
                {
                    inputs[next++] = _mask.Bind(mask, attentionMask, shapeMemory, ref narrowed[1]);
                }

                if (_types is not null)
                {
                    inputs[next++] = _types.Bind(types, tokenTypeIds, shapeMemory, ref narrowed[2]);
                }

                using OnnxOutputs outputs = _session.Run(inputs, _outputName);
                Pool(outputs, attentionMask, batchSize, sequenceLength, destination);
            }
        }
        finally
        {
            foreach (int[]? array in narrowed)
            {
                if (array is not null)
                {
                    ArrayPool<int>.Shared.Return(array);
                }
            }

            if (zeros is not null)
            {
                ArrayPool<long>.Shared.Return(zeros);
            }

            ArrayPool<long>.Shared.Return(shape);
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} holds {actual} values; batch size x sequence length = {expected}.", name);
        }
    }

    private void Pool(OnnxOutputs outputs, ReadOnlySpan<long> attentionMask, int batchSize, int sequenceLength, Span<float> destination)
    {
        ReadOnlySpan<long> shape = outputs.GetShape(0);
        if (shape.Length != 3 || shape[0] != batchSize || shape[1] != sequenceLength || shape[2] != Dimensions)
        {
            throw new RagPrefException(
                $"The ONNX model {Description} returned '{_outputName[0]}' with shape {OnnxTensorInfo.FormatShape(shape)}; "
                + $"[{batchSize}, {sequenceLength}, {Dimensions}] was expected (batch, tokens, hidden). "
                + "Use a model whose output is the per-token hidden state, or set OutputName to such an output.");
        }

        ReadOnlySpan<float> hidden = outputs.GetFloatData(0);
        int width = Dimensions;
        for (int row = 0; row < batchSize; row++)
        {
            Span<float> vector = destination.Slice(row * width, width);
            vector.Clear();
            int tokens = 0;
            for (int t = 0; t < sequenceLength; t++)
            {
                if (attentionMask[(row * sequenceLength) + t] != 0)
                {
                    TensorPrimitives.Add(vector, hidden.Slice(((row * sequenceLength) + t) * width, width), vector);
                    tokens++;
                }
            }

            if (tokens > 0)
            {
                TensorPrimitives.Divide(vector, tokens, vector);
            }

            float norm = TensorPrimitives.Norm(vector);
            TensorPrimitives.Divide(vector, MathF.Max(norm, NormFloor), vector);
        }
    }
}
