namespace Mcip.RagPref.Onnx;

/// <summary>
/// The output tensors of one run, owned by ONNX Runtime until <see cref="Dispose"/>. Spans returned by
/// <see cref="GetFloatData(int)"/> point into native memory: do not use them after disposing.
/// </summary>
/// <remarks>Reading from several threads is safe; disposing while another thread reads is not.</remarks>
internal sealed unsafe class OnnxOutputs : IDisposable
{
    private readonly OrtApi _api;
    private readonly string[] _names;
    private readonly OrtHandle[] _values;
    private readonly OnnxElementType[] _types;
    private readonly long[][] _shapes;

    private OnnxOutputs(OrtApi api, string[] names, OrtHandle[] values)
    {
        _api = api;
        _names = names;
        _values = values;
        _types = new OnnxElementType[values.Length];
        _shapes = new long[values.Length][];
        for (int i = 0; i < values.Length; i++)
        {
            (_types[i], _shapes[i]) = api.GetTensorTypeAndShape(values[i].Pointer);
        }
    }

    /// <summary>The number of outputs (in the order they were requested).</summary>
    public int Count => _values.Length;

    /// <summary>Takes ownership of the values <c>Run</c> produced and reads their types and shapes.</summary>
    internal static OnnxOutputs Create(OrtApi api, string[] names, ReadOnlySpan<nint> values)
    {
        var handles = new OrtHandle[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            handles[i] = new OrtHandle(api, OrtSlot.ReleaseValue, values[i]);
        }

        try
        {
            return new OnnxOutputs(api, names, handles);
        }
        catch
        {
            foreach (OrtHandle handle in handles)
            {
                handle.Dispose();
            }

            throw;
        }
    }

    /// <summary>The name of output <paramref name="index"/>.</summary>
    public string GetName(int index) => _names[index];

    /// <summary>The position of output <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name) => Array.IndexOf(_names, name);

    /// <summary>The element type of output <paramref name="index"/>.</summary>
    public OnnxElementType GetElementType(int index) => _types[index];

    /// <summary>The shape of output <paramref name="index"/>.</summary>
    public ReadOnlySpan<long> GetShape(int index) => _shapes[index];

    /// <summary>The data of float output <paramref name="index"/>, row-major, valid until <see cref="Dispose"/>.</summary>
    /// <exception cref="RagPrefException">The output is not a float tensor.</exception>
    public ReadOnlySpan<float> GetFloatData(int index)
    {
        if (_types[index] != OnnxElementType.Float)
        {
            throw new RagPrefException(
                $"Output '{_names[index]}' is a {_types[index].ToOnnxName()} tensor, but float was expected: "
                + "use a model whose output is float32 (float16 or quantised outputs are not supported).");
        }

        ObjectDisposedException.ThrowIf(_values[index].IsClosed, this);
        long count = 1;
        foreach (long dim in _shapes[index])
        {
            count *= dim;
        }

        return count == 0 ? [] : new ReadOnlySpan<float>(_api.GetTensorMutableData(_values[index].Pointer), checked((int)count));
    }

    /// <summary>Releases every output tensor.</summary>
    public void Dispose()
    {
        foreach (OrtHandle value in _values)
        {
            value.Dispose();
        }
    }
}
