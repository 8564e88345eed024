using System.Runtime.InteropServices;

namespace Mcip.RagPref.Onnx;

/// <summary>
/// Owns one native ONNX Runtime object (environment, session options, session, memory info, value, type
/// information) and releases it exactly once through the matching <c>Release*</c> function of the API table.
/// </summary>
internal sealed class OrtHandle : SafeHandle
{
    private readonly OrtApi _api;
    private readonly int _releaseSlot;

    /// <summary>Takes ownership of <paramref name="handle"/>, released later through slot <paramref name="releaseSlot"/>.</summary>
    public OrtHandle(OrtApi api, int releaseSlot, nint handle)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _api = api;
        _releaseSlot = releaseSlot;
        SetHandle(handle);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer, for calls made while the caller keeps this handle alive.</summary>
    public nint Pointer => handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        _api.Release(_releaseSlot, handle);
        return true;
    }
}
