using System.Buffers;

namespace Mcip.RagPref.Onnx;

/// <summary>
/// One named input tensor for <see cref="OnnxSession.Run(ReadOnlySpan{OnnxInput}, ReadOnlySpan{string})"/>:
/// float, int32 or int64 data in row-major order and its shape. ONNX Runtime reads the data in place
/// (pinned for the duration of the run, never copied).
/// </summary>
internal readonly unsafe struct OnnxInput
{
    private readonly ReadOnlyMemory<float> _floats;
    private readonly ReadOnlyMemory<int> _ints;
    private readonly ReadOnlyMemory<long> _longs;
    private readonly void* _pinned;

    private OnnxInput(string name, OnnxElementType type, ReadOnlyMemory<long> shape, long elementCount)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        ElementType = type;
        Shape = shape;
        ElementCount = elementCount;
    }

    private OnnxInput(string name, ReadOnlyMemory<float> data, ReadOnlyMemory<long> shape)
        : this(name, OnnxElementType.Float, shape, data.Length) => _floats = data;

    private OnnxInput(string name, ReadOnlyMemory<int> data, ReadOnlyMemory<long> shape)
        : this(name, OnnxElementType.Int32, shape, data.Length) => _ints = data;

    private OnnxInput(string name, ReadOnlyMemory<long> data, ReadOnlyMemory<long> shape)
        : this(name, OnnxElementType.Int64, shape, data.Length) => _longs = data;

    private OnnxInput(string name, OnnxElementType type, void* data, long elementCount, ReadOnlyMemory<long> shape)
        : this(name, type, shape, elementCount) => _pinned = data;

    /// <summary>The model input this tensor feeds.</summary>
    public string Name { get; }

    /// <summary>The element type of the data.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The shape; its product must equal <see cref="ElementCount"/>.</summary>
    public ReadOnlyMemory<long> Shape { get; }

    /// <summary>The number of elements of data.</summary>
    public long ElementCount { get; }

    /// <summary>A float tensor.</summary>
    public static OnnxInput Float(string name, ReadOnlyMemory<float> data, ReadOnlyMemory<long> shape) => new(name, data, shape);

    /// <summary>An int32 tensor.</summary>
    public static OnnxInput Int32(string name, ReadOnlyMemory<int> data, ReadOnlyMemory<long> shape) => new(name, data, shape);

    /// <summary>An int64 tensor.</summary>
    public static OnnxInput Int64(string name, ReadOnlyMemory<long> data, ReadOnlyMemory<long> shape) => new(name, data, shape);

    /// <summary>
    /// A tensor over memory the caller has already pinned (a <see langword="fixed"/> span or native memory)
    /// and keeps alive until the run returns.
    /// </summary>
    /// <param name="name">The model input.</param>
    /// <param name="type">Float, int32 or int64.</param>
    /// <param name="data">The first element.</param>
    /// <param name="elementCount">The number of elements.</param>
    /// <param name="shape">The shape.</param>
    public static OnnxInput Pinned(string name, OnnxElementType type, void* data, long elementCount, ReadOnlyMemory<long> shape)
    {
        if (type.InputElementSize() == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Only float, int32 and int64 inputs are supported.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(elementCount);
        if (data is null && elementCount > 0)
        {
            throw new ArgumentNullException(nameof(data));
        }

        return new(name, type, data, elementCount, shape);
    }

    /// <summary>Pins the data (a no-op for <see cref="Pinned"/> inputs) and returns its address.</summary>
    internal MemoryHandle Pin(out void* pointer)
    {
        MemoryHandle handle;
        switch (ElementType)
        {
            case OnnxElementType.Float when _pinned is null:
                handle = _floats.Pin();
                break;
            case OnnxElementType.Int32 when _pinned is null:
                handle = _ints.Pin();
                break;
            case OnnxElementType.Int64 when _pinned is null:
                handle = _longs.Pin();
                break;
            default:
                pointer = _pinned;
                return default;
        }

        pointer = handle.Pointer;
        return handle;
    }
}
