using System.Runtime.InteropServices;

namespace Mcip.RagPref.Index;

/// <summary>
/// Reference-counted ownership of a matrix's memory: searches add a reference while they scan, so a
/// <see cref="VectorMatrix"/> disposed during a search frees its memory only after the search ends.
/// </summary>
internal sealed unsafe class MatrixMemory : SafeHandle
{
    private readonly bool _ownsAllocation;
    private readonly IDisposable? _owner;

    private MatrixMemory(void* pointer, bool ownsAllocation, IDisposable? owner)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle((IntPtr)pointer);
        _ownsAllocation = ownsAllocation;
        _owner = owner;
    }

    /// <inheritdoc />
    /// <remarks>Always <see langword="false"/>: the release must run even for external memory so the owner is disposed.</remarks>
    public override bool IsInvalid => false;

    /// <summary>Wraps memory allocated with <see cref="NativeMemory.AlignedAlloc(nuint, nuint)"/>; it is freed on release.</summary>
    public static MatrixMemory Owned(void* pointer) => new(pointer, ownsAllocation: true, owner: null);

    /// <summary>Wraps external memory; <paramref name="owner"/> (if any) is disposed on release.</summary>
    public static MatrixMemory External(void* pointer, IDisposable? owner) => new(pointer, ownsAllocation: false, owner);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        if (_ownsAllocation)
        {
            NativeMemory.AlignedFree((void*)handle);
        }

        _owner?.Dispose();
        return true;
    }
}
