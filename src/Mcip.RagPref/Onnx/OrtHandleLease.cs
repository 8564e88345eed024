using System.Runtime.InteropServices;

namespace Mcip.RagPref.Onnx;

/// <summary>
/// Keeps a <see cref="SafeHandle"/> from being released while native code uses its pointer (a concurrent
/// <see cref="IDisposable.Dispose"/> then waits for the lease to end instead of freeing the object under the call).
/// </summary>
internal ref struct OrtHandleLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    /// <summary>Adds a reference to <paramref name="handle"/>.</summary>
    /// <exception cref="ObjectDisposedException">The handle was already released.</exception>
    public OrtHandleLease(SafeHandle handle)
    {
        _handle = handle;
        _added = false;
        handle.DangerousAddRef(ref _added);
    }

    /// <summary>The leased pointer.</summary>
    public readonly nint Pointer => _handle.DangerousGetHandle();

    /// <summary>Drops the reference taken by the constructor.</summary>
    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle.DangerousRelease();
        }
    }
}
