using System.Runtime.InteropServices;
using System.Text;

namespace Mcip.RagPref.Onnx;

/// <summary>
/// Null-terminated UTF-8 copies of a model's input or output names in one native block, made once per
/// session so that <c>Run</c> passes names without marshalling them on every call.
/// </summary>
internal sealed unsafe class Utf8NameTable : SafeHandle
{
    private readonly int _count;

    /// <summary>Copies <paramref name="names"/> into native memory: a pointer array followed by the strings.</summary>
    public Utf8NameTable(IReadOnlyList<OnnxTensorInfo> names)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        ArgumentNullException.ThrowIfNull(names);
        _count = names.Count;
        nuint pointerBytes = (nuint)(_count * sizeof(nint));
        nuint total = pointerBytes;
        for (int i = 0; i < _count; i++)
        {
            total += (nuint)Encoding.UTF8.GetByteCount(names[i].Name) + 1;
        }

        byte* block = (byte*)NativeMemory.Alloc(total == 0 ? 1 : total);
        SetHandle((nint)block);
        nint* pointers = (nint*)block;
        byte* next = block + pointerBytes;
        for (int i = 0; i < _count; i++)
        {
            int written = Encoding.UTF8.GetBytes(names[i].Name, new Span<byte>(next, (int)(total - (nuint)(next - block))));
            next[written] = 0;
            pointers[i] = (nint)next;
            next += written + 1;
        }
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The native string of name <paramref name="index"/>; valid while the caller holds a lease on this table.</summary>
    public nint this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            return ((nint*)handle)[index];
        }
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMemory.Free((void*)handle);
        return true;
    }
}
