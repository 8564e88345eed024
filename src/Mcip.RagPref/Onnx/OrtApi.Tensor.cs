namespace Mcip.RagPref.Onnx;

/// <summary>Tensors over caller memory, tensor shapes and data, and <c>Run</c>.</summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>
    /// Creates a tensor over memory the caller keeps pinned and alive until the value is released
    /// (<c>CreateTensorWithDataAsOrtValue</c>: no copy).
    /// </summary>
    public OrtHandle CreateTensorWithData(OrtHandle memoryInfo, void* data, nuint byteLength, ReadOnlySpan<long> shape, OnnxElementType type)
    {
        nint value;
        fixed (long* dims = shape)
        {
            ThrowIfFailed(
                ((delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint>)_table[OrtSlot.CreateTensorWithDataAsOrtValue])(
                    memoryInfo.Pointer, data, byteLength, dims, (nuint)shape.Length, (int)type, &value),
                "Creating an input tensor");
        }

        return new OrtHandle(this, OrtSlot.ReleaseValue, value);
    }

    /// <summary>Pointer to a tensor's data (<c>GetTensorMutableData</c>), valid until the value is released.</summary>
    public void* GetTensorMutableData(nint value)
    {
        void* data;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, void**, nint>)_table[OrtSlot.GetTensorMutableData])(value, &data),
            "Reading tensor data");
        return data;
    }

    /// <summary>Element type and shape of a tensor value (<c>GetTensorTypeAndShape</c>).</summary>
    public (OnnxElementType Type, long[] Dimensions) GetTensorTypeAndShape(nint value)
    {
        nint info;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, nint*, nint>)_table[OrtSlot.GetTensorTypeAndShape])(value, &info),
            "Reading a tensor's type and shape");
        using var owner = new OrtHandle(this, OrtSlot.ReleaseTensorTypeAndShapeInfo, info);
        return ReadTypeAndShape(info);
    }

    /// <summary>
    /// Runs a session (<c>Run</c>, no run options). <paramref name="outputs"/> receives one new value per
    /// output name; the caller owns and releases them (they stay null when the run fails).
    /// </summary>
    public void Run(
        nint session,
        ReadOnlySpan<nint> inputNames,
        ReadOnlySpan<nint> inputs,
        ReadOnlySpan<nint> outputNames,
        Span<nint> outputs,
        string operation)
    {
        nint status;
        fixed (nint* inNames = inputNames)
        fixed (nint* inValues = inputs)
        fixed (nint* outNames = outputNames)
        fixed (nint* outValues = outputs)
        {
            status = ((delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)_table[OrtSlot.Run])(
                session, 0, inNames, inValues, (nuint)inputs.Length, outNames, (nuint)outputNames.Length, outValues);
        }

        ThrowIfFailed(status, operation);
    }

    private (OnnxElementType Type, long[] Dimensions) ReadTypeAndShape(nint tensorInfo)
    {
        int type;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, int*, nint>)_table[OrtSlot.GetTensorElementType])(tensorInfo, &type),
            "Reading a tensor element type");
        nuint rank;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)_table[OrtSlot.GetDimensionsCount])(tensorInfo, &rank),
            "Reading a tensor rank");
        long[] dims = rank == 0 ? [] : new long[checked((int)rank)];
        fixed (long* p = dims)
        {
            ThrowIfFailed(
                ((delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)_table[OrtSlot.GetDimensions])(tensorInfo, p, rank),
                "Reading tensor dimensions");
        }

        return ((OnnxElementType)type, dims);
    }
}
