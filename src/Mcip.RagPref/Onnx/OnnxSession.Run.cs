using System.Buffers;

namespace Mcip.RagPref.Onnx;

/// <summary>Running the model.</summary>
internal sealed partial class OnnxSession
{
    private const int StackLimit = 16;

    /// <summary>Runs the model and returns every declared output, in <see cref="Outputs"/> order.</summary>
    /// <inheritdoc cref="Run(ReadOnlySpan{OnnxInput}, ReadOnlySpan{string})"/>
    public OnnxOutputs Run(ReadOnlySpan<OnnxInput> inputs) => Run(inputs, _allOutputNames);

    /// <summary>
    /// Runs the model on <paramref name="inputs"/> (usually one per declared input) and returns the outputs
    /// named in <paramref name="outputNames"/>, in that order. Input data is read in place, never copied.
    /// </summary>
    /// <param name="inputs">Named float, int32 or int64 tensors; each must match its declared element type, rank and fixed dimensions.</param>
    /// <param name="outputNames">Declared output names to return.</param>
    /// <returns>The outputs; the caller disposes them.</returns>
    /// <exception cref="ArgumentException">No inputs or no output names were given.</exception>
    /// <exception cref="RagPrefException">An input or output name is not declared, an input does not match its declaration, or ONNX Runtime fails (the exception carries its error code).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public unsafe OnnxOutputs Run(ReadOnlySpan<OnnxInput> inputs, ReadOnlySpan<string> outputNames)
    {
        if (inputs.IsEmpty)
        {
            throw new ArgumentException("At least one input is needed.", nameof(inputs));
        }

        if (outputNames.IsEmpty)
        {
            throw new ArgumentException("At least one output name is needed.", nameof(outputNames));
        }

        int n = inputs.Length;
        int m = outputNames.Length;
        using var sessionLease = new OrtHandleLease(_session);
        using var inputNamesLease = new OrtHandleLease(_inputNames);
        using var outputNamesLease = new OrtHandleLease(_outputNames);

        Span<nint> inNames = n <= StackLimit ? stackalloc nint[n] : new nint[n];
        Span<nint> inValues = n <= StackLimit ? stackalloc nint[n] : new nint[n];
        Span<nint> outNames = m <= StackLimit ? stackalloc nint[m] : new nint[m];
        Span<nint> outValues = m <= StackLimit ? stackalloc nint[m] : new nint[m];
        inValues.Clear();
        outValues.Clear();
        string[] names = new string[m];
        for (int i = 0; i < n; i++)
        {
            inNames[i] = _inputNames[ValidateInput(in inputs[i])];
        }

        for (int i = 0; i < m; i++)
        {
            string? name = outputNames[i];
            int index = name is null ? -1 : IndexOfOutput(name);
            if (index < 0)
            {
                throw new RagPrefException(
                    $"The ONNX model {Description} has no output '{name}'. Its outputs are: {OnnxTensorInfo.FormatList(Outputs)}.");
            }

            outNames[i] = _outputNames[index];
            names[i] = name!;
        }

        MemoryHandle[] pins = ArrayPool<MemoryHandle>.Shared.Rent(n);
        OrtHandle?[] tensors = ArrayPool<OrtHandle?>.Shared.Rent(n);
        OrtApi api = _runtime.Api;
        try
        {
            for (int i = 0; i < n; i++)
            {
                ref readonly OnnxInput input = ref inputs[i];
                pins[i] = input.Pin(out void* data);
                nuint bytes = (nuint)input.ElementCount * (nuint)input.ElementType.InputElementSize();
                tensors[i] = api.CreateTensorWithData(_runtime.CpuMemoryInfo, data, bytes, input.Shape.Span, input.ElementType);
                inValues[i] = tensors[i]!.Pointer;
            }

            try
            {
                api.Run(sessionLease.Pointer, inNames, inValues, outNames, outValues, _runOperation);
                return OnnxOutputs.Create(api, names, outValues);
            }
            catch
            {
                foreach (nint value in outValues)
                {
                    if (value != 0)
                    {
                        api.Release(OrtSlot.ReleaseValue, value);
                    }
                }

                throw;
            }
        }
        finally
        {
            for (int i = 0; i < n; i++)
            {
                tensors[i]?.Dispose();
                pins[i].Dispose();
            }

            ArrayPool<OrtHandle?>.Shared.Return(tensors, clearArray: true);
            ArrayPool<MemoryHandle>.Shared.Return(pins, clearArray: true);
        }
    }

    private int ValidateInput(in OnnxInput input)
    {
        int index = input.Name is null ? -1 : IndexOfInput(input.Name);
        if (index < 0)
        {
            throw new RagPrefException(
                $"The ONNX model {Description} has no input '{input.Name}'. Its inputs are: {OnnxTensorInfo.FormatList(Inputs)}.");
        }

        OnnxTensorInfo declared = Inputs[index];
        if (input.ElementType.InputElementSize() == 0)
        {
            throw new RagPrefException($"Input '{input.Name}' has no data: create it with OnnxInput.Float, Int32, Int64 or Pinned.");
        }

        if (declared.ElementType != input.ElementType)
        {
            throw new RagPrefException(
                $"Input '{declared.Name}' of the ONNX model {Description} is declared as {declared.ElementType.ToOnnxName()}, "
                + $"but {input.ElementType.ToOnnxName()} data was given. Convert the data to {declared.ElementType.ToOnnxName()}.");
        }

        ReadOnlySpan<long> shape = input.Shape.Span;
        ReadOnlySpan<long> dims = declared.Dimensions;
        bool matches = shape.Length == dims.Length;
        long product = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            matches &= shape[d] >= 0 && (d >= dims.Length || dims[d] < 0 || dims[d] == shape[d]);
            product = shape[d] < 0 ? -1 : product * shape[d];
        }

        if (!matches)
        {
            throw new RagPrefException(
                $"Input '{declared.Name}' of the ONNX model {Description} has shape {OnnxTensorInfo.FormatShape(dims)} (−1 = any), "
                + $"but shape {OnnxTensorInfo.FormatShape(shape)} was given.");
        }

        if (product != input.ElementCount)
        {
            throw new RagPrefException(
                $"Input '{declared.Name}': shape {OnnxTensorInfo.FormatShape(shape)} holds {product} elements, but {input.ElementCount} were given.");
        }

        return index;
    }
}
