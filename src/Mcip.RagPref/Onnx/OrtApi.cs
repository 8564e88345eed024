using System.Runtime.InteropServices;
using System.Text;

namespace Mcip.RagPref.Onnx;

/// <summary>
/// The ONNX Runtime C API function table (<c>OrtApi*</c>) of one loaded library, called by slot number
/// through <c>delegate* unmanaged[Cdecl]</c> (no reflection, no marshalling stubs: AOT-compatible).
/// Each wrapper turns a non-null <c>OrtStatus*</c> into a <see cref="RagPrefException"/> through
/// <see cref="ThrowIfFailed(nint, string, string?)"/>.
/// </summary>
/// <remarks>The table is immutable and every function is thread-safe to call; this type holds no state besides the table.</remarks>
internal sealed unsafe partial class OrtApi
{
    private readonly nint* _table;

    /// <summary>Wraps a table returned by <c>OrtApiBase::GetApi</c>.</summary>
    /// <param name="table">A non-null <c>const OrtApi*</c>.</param>
    public OrtApi(nint table)
    {
        if (table == 0)
        {
            throw new ArgumentException("The ONNX Runtime API table pointer is null.", nameof(table));
        }

        _table = (nint*)table;
    }

    /// <summary>Creates an <c>OrtStatus</c> with a code and message (<c>CreateStatus</c>); the caller releases it.</summary>
    public nint CreateStatus(int code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        nint utf8 = Marshal.StringToCoTaskMemUTF8(message);
        try
        {
            return ((delegate* unmanaged[Cdecl]<int, byte*, nint>)_table[OrtSlot.CreateStatus])(code, (byte*)utf8);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    /// <summary>Reads the <c>OrtErrorCode</c> of a status (<c>GetErrorCode</c>).</summary>
    public int GetErrorCode(nint status) =>
        ((delegate* unmanaged[Cdecl]<nint, int>)_table[OrtSlot.GetErrorCode])(status);

    /// <summary>Reads the message of a status (<c>GetErrorMessage</c>).</summary>
    public string GetErrorMessage(nint status)
    {
        byte* message = ((delegate* unmanaged[Cdecl]<nint, byte*>)_table[OrtSlot.GetErrorMessage])(status);
        return message is null ? string.Empty : Marshal.PtrToStringUTF8((nint)message) ?? string.Empty;
    }

    /// <summary>Releases a status (<c>ReleaseStatus</c>).</summary>
    public void ReleaseStatus(nint status) =>
        ((delegate* unmanaged[Cdecl]<nint, void>)_table[OrtSlot.ReleaseStatus])(status);

    /// <summary>Calls one of the <c>Release*</c> functions (all take the object pointer and return nothing).</summary>
    public void Release(int slot, nint handle) =>
        ((delegate* unmanaged[Cdecl]<nint, void>)_table[slot])(handle);

    /// <summary>
    /// Does nothing when <paramref name="status"/> is null (success); otherwise reads its code and message,
    /// releases it and throws.
    /// </summary>
    /// <param name="status">The <c>OrtStatus*</c> a function returned.</param>
    /// <param name="operation">What was being done, as a sentence start ("Loading the ONNX model 'x'").</param>
    /// <param name="advice">What the user can do about it, or <see langword="null"/>.</param>
    /// <exception cref="RagPrefException">The status reports a failure; <see cref="RagPrefException.OnnxRuntimeErrorCode"/> holds its code.</exception>
    public void ThrowIfFailed(nint status, string operation, string? advice = null)
    {
        if (status == 0)
        {
            return;
        }

        int code;
        string message;
        try
        {
            code = GetErrorCode(status);
            message = GetErrorMessage(status);
        }
        finally
        {
            ReleaseStatus(status);
        }

        var text = new StringBuilder(operation.Length + message.Length + 96)
            .Append(operation)
            .Append(" failed: ONNX Runtime reported ")
            .Append(ErrorCodeName(code))
            .Append(" (code ")
            .Append(code)
            .Append("): ")
            .Append(message.TrimEnd().TrimEnd('.'));
        if (!string.IsNullOrEmpty(advice))
        {
            text.Append(". ").Append(advice);
        }

        throw new RagPrefException(text.ToString(), code);
    }

    /// <summary>The <c>OrtErrorCode</c> enumerator name of a code, for messages.</summary>
    public static string ErrorCodeName(int code) => code switch
    {
        0 => "ORT_OK",
        1 => "ORT_FAIL",
        2 => "ORT_INVALID_ARGUMENT",
        3 => "ORT_NO_SUCHFILE",
        4 => "ORT_NO_MODEL",
        5 => "ORT_ENGINE_ERROR",
        6 => "ORT_RUNTIME_EXCEPTION",
        7 => "ORT_INVALID_PROTOBUF",
        8 => "ORT_MODEL_LOADED",
        9 => "ORT_NOT_IMPLEMENTED",
        10 => "ORT_INVALID_GRAPH",
        11 => "ORT_EP_FAIL",
        12 => "ORT_MODEL_LOAD_CANCELED",
        13 => "ORT_MODEL_REQUIRES_COMPILATION",
        14 => "ORT_NOT_FOUND",
        _ => "error",
    };

    /// <summary>Creates the process environment (<c>CreateEnv</c>) with the given logging level (3 = ERROR).</summary>
    public OrtHandle CreateEnv(int loggingLevel, string logId)
    {
        nint utf8 = Marshal.StringToCoTaskMemUTF8(logId);
        try
        {
            nint env;
            ThrowIfFailed(
                ((delegate* unmanaged[Cdecl]<int, byte*, nint*, nint>)_table[OrtSlot.CreateEnv])(loggingLevel, (byte*)utf8, &env),
                "Creating the ONNX Runtime environment");
            return new OrtHandle(this, OrtSlot.ReleaseEnv, env);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    /// <summary>Describes ordinary CPU memory (<c>CreateCpuMemoryInfo</c>, arena allocator, default memory type).</summary>
    public OrtHandle CreateCpuMemoryInfo()
    {
        const int OrtArenaAllocator = 1;
        const int OrtMemTypeDefault = 0;
        nint info;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<int, int, nint*, nint>)_table[OrtSlot.CreateCpuMemoryInfo])(OrtArenaAllocator, OrtMemTypeDefault, &info),
            "Creating the ONNX Runtime CPU memory description");
        return new OrtHandle(this, OrtSlot.ReleaseMemoryInfo, info);
    }

    /// <summary>Gets the default CPU allocator (<c>GetAllocatorWithDefaultOptions</c>); it is owned by ONNX Runtime and never released.</summary>
    public nint GetAllocatorWithDefaultOptions()
    {
        nint allocator;
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint*, nint>)_table[OrtSlot.GetAllocatorWithDefaultOptions])(&allocator),
            "Getting the ONNX Runtime default allocator");
        return allocator;
    }

    /// <summary>Frees memory that <paramref name="allocator"/> returned (<c>AllocatorFree</c>).</summary>
    public void AllocatorFree(nint allocator, nint pointer)
    {
        ThrowIfFailed(
            ((delegate* unmanaged[Cdecl]<nint, nint, nint>)_table[OrtSlot.AllocatorFree])(allocator, pointer),
            "Freeing memory from the ONNX Runtime allocator");
    }
}
