using System.Runtime.InteropServices;

namespace Mcip.RagPref.Onnx;

/// <summary>Session options, session creation and model metadata.</summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>Creates session options (<c>CreateSessionOptions</c>).</summary>
    public OrtHandle CreateSessionOptions()
    {
        nint options;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint*, nint>)_table[OrtSlot.CreateSessionOptions])(&options),
            "Creating ONNX Runtime session options");
        return new OrtHandle(this, OrtSlot.ReleaseSessionOptions, options);
    }

    /// <summary>Sets the graph optimisation level (<c>SetSessionGraphOptimizationLevel</c>: 0 = disable all, 99 = enable all).</summary>
    public void SetSessionGraphOptimizationLevel(OrtHandle options, int level) =>
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, int, nint>)_table[OrtSlot.SetSessionGraphOptimizationLevel])(options.Pointer, level),
            "Setting the ONNX Runtime graph optimisation level");

    /// <summary>Sets the intra-operator thread count (<c>SetIntraOpNumThreads</c>; 0 = ONNX Runtime's default).</summary>
    public void SetIntraOpNumThreads(OrtHandle options, int threads) =>
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, int, nint>)_table[OrtSlot.SetIntraOpNumThreads])(options.Pointer, threads),
            "Setting the ONNX Runtime intra-op thread count");

    /// <summary>Sets the inter-operator thread count (<c>SetInterOpNumThreads</c>).</summary>
    public void SetInterOpNumThreads(OrtHandle options, int threads) =>
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, int, nint>)_table[OrtSlot.SetInterOpNumThreads])(options.Pointer, threads),
            "Setting the ONNX Runtime inter-op thread count");

    /// <summary>Loads a model file (<c>CreateSession</c>; UTF-8 path on Linux and macOS, UTF-16 on Windows).</summary>
    public OrtHandle CreateSession(OrtHandle env, string modelPath, OrtHandle options, string operation, string advice)
    {
        var create = (delegate* unmanaged[Cdecl]<nint, void*, nint, nint*, nint>)_table[OrtSlot.CreateSession];
        nint session;
        nint status;
        if (OperatingSystem.IsWindows())
        {
            fixed (char* path = modelPath)
            {
                status = create(env.Pointer, path, options.Pointer, &session);
            }
        }
        else
        {
            nint path = Marshal.StringToCoTaskMemUTF8(modelPath);
            try
            {
                status = create(env.Pointer, (void*)path, options.Pointer, &session);
            }
            finally
            {
                Marshal.FreeCoTaskMem(path);
            }
        }

        ThrowIfFailed(status, operation, advice);
        return new OrtHandle(this, OrtSlot.ReleaseSession, session);
    }

    /// <summary>Loads a model from bytes (<c>CreateSessionFromArray</c>); ONNX Runtime copies what it needs.</summary>
    public OrtHandle CreateSessionFromArray(OrtHandle env, ReadOnlySpan<byte> model, OrtHandle options, string operation, string advice)
    {
        nint session;
        nint status;
        fixed (byte* data = model)
        {
            status = ((delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint>)_table[OrtSlot.CreateSessionFromArray])(
                env.Pointer, data, (nuint)model.Length, options.Pointer, &session);
        }

        ThrowIfFailed(status, operation, advice);
        return new OrtHandle(this, OrtSlot.ReleaseSession, session);
    }

    /// <summary>Number of model inputs (<c>SessionGetInputCount</c>) or outputs (<c>SessionGetOutputCount</c>).</summary>
    public int GetCount(nint session, bool inputs)
    {
        nuint count;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)_table[inputs ? OrtSlot.SessionGetInputCount : OrtSlot.SessionGetOutputCount])(session, &count),
            inputs ? "Reading the model's input count" : "Reading the model's output count");
        return checked((int)count);
    }

    /// <summary>Name of input or output <paramref name="index"/> (<c>SessionGetInputName</c> / <c>SessionGetOutputName</c>, freed with <c>AllocatorFree</c>).</summary>
    public string GetName(nint session, int index, bool input, nint allocator)
    {
        byte* name;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)_table[input ? OrtSlot.SessionGetInputName : OrtSlot.SessionGetOutputName])(
                session, (nuint)index, allocator, &name),
            input ? "Reading a model input name" : "Reading a model output name");
        try
        {
            return Marshal.PtrToStringUTF8((nint)name) ?? string.Empty;
        }
        finally
        {
            AllocatorFree(allocator, (nint)name);
        }
    }

    /// <summary>
    /// Element type and dimensions (−1 where dynamic) of input or output <paramref name="index"/>
    /// (<c>SessionGetInputTypeInfo</c> / <c>SessionGetOutputTypeInfo</c>, <c>CastTypeInfoToTensorInfo</c>);
    /// <see cref="OnnxElementType.Undefined"/> and no dimensions for non-tensor values (sequences, maps).
    /// </summary>
    public (OnnxElementType Type, long[] Dimensions) GetTypeInfo(nint session, int index, bool input)
    {
        nint typeInfo;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)_table[input ? OrtSlot.SessionGetInputTypeInfo : OrtSlot.SessionGetOutputTypeInfo])(
                session, (nuint)index, &typeInfo),
            input ? "Reading a model input type" : "Reading a model output type");
        using var owner = new OrtHandle(this, OrtSlot.ReleaseTypeInfo, typeInfo);
        nint tensorInfo;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, nint*, nint>)_table[OrtSlot.CastTypeInfoToTensorInfo])(typeInfo, &tensorInfo),
            "Reading tensor type information");

        // Owned by typeInfo: valid until it is released, never released on its own.
        return tensorInfo == 0 ? (OnnxElementType.Undefined, []) : ReadTypeAndShape(tensorInfo);
    }
}
