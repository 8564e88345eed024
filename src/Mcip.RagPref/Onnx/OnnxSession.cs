namespace Mcip.RagPref.Onnx;

/// <summary>
/// An ONNX Runtime inference session over one model: its declared inputs and outputs, and
/// <see cref="Run(ReadOnlySpan{OnnxInput}, ReadOnlySpan{string})"/>.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: ONNX Runtime allows concurrent <c>Run</c> calls on one session, and this type keeps no
/// mutable state, so any number of threads may run the same session at once. <see cref="Dispose"/> waits
/// for nothing but is safe against in-flight runs (the native session is released when the last one ends).
/// </para>
/// <para>
/// Typical use: <c>using var session = OnnxSession.Create(path);</c> then read <see cref="Inputs"/> and
/// <see cref="Outputs"/>, build one <see cref="OnnxInput"/> per input and call <c>Run</c>; dispose the
/// returned <see cref="OnnxOutputs"/> after reading them.
/// </para>
/// </remarks>
internal sealed partial class OnnxSession : IDisposable
{
    private const int GraphOptimizationDisableAll = 0;
    private const int GraphOptimizationEnableAll = 99;
    private const string LoadAdvice =
        "Expected a complete, valid ONNX model; re-export or re-download the file (a corrupt or truncated file fails like this)";

    private readonly OrtRuntime _runtime;
    private readonly OrtHandle _session;
    private readonly Utf8NameTable _inputNames;
    private readonly Utf8NameTable _outputNames;
    private readonly string _runOperation;
    private readonly string[] _allOutputNames;

    private OnnxSession(OrtRuntime runtime, OrtHandle session, string description)
    {
        _runtime = runtime;
        _session = session;
        Description = description;
        _runOperation = $"Running the ONNX model {description}";
        Inputs = ReadInfos(runtime, session.Pointer, input: true);
        Outputs = ReadInfos(runtime, session.Pointer, input: false);
        _inputNames = new Utf8NameTable(Inputs);
        _outputNames = new Utf8NameTable(Outputs);
        _allOutputNames = new string[Outputs.Count];
        for (int i = 0; i < _allOutputNames.Length; i++)
        {
            _allOutputNames[i] = Outputs[i].Name;
        }
    }

    /// <summary>The model's inputs, in declaration order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The model's outputs, in declaration order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>Which model this is, for messages: its quoted path, or its size when loaded from bytes.</summary>
    public string Description { get; }

    /// <summary>The version of the ONNX Runtime library in use, for example <c>1.30.0</c>.</summary>
    public string RuntimeVersion => _runtime.Version;

    /// <summary>Where the ONNX Runtime library in use was loaded from.</summary>
    public string RuntimeLocation => _runtime.Location;

    /// <summary>Loads a model file.</summary>
    /// <param name="modelPath">The <c>.onnx</c> file (external data files are found beside it).</param>
    /// <param name="options">Library and threading options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is null or empty, or an option is out of range.</exception>
    /// <exception cref="RagPrefException">The file is missing, ONNX Runtime cannot be loaded, or it rejects the model (the exception carries its error code).</exception>
    public static OnnxSession Create(string modelPath, OnnxRuntimeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        options ??= new OnnxRuntimeOptions();
        ValidateOptions(options);
        string full = Path.GetFullPath(modelPath);
        if (!File.Exists(full))
        {
            throw new RagPrefException(
                $"The ONNX model file '{full}' does not exist. Expected an .onnx model there: check the path "
                + "(a model folder needs its model.onnx), or run './build.sh setup' when it is a generated asset.");
        }

        OrtRuntime runtime = OrtRuntime.Get(options.LibraryPath);
        string description = $"'{full}'";
        using OrtHandle sessionOptions = CreateSessionOptions(runtime, options);
        OrtHandle session = runtime.Api.CreateSession(runtime.Environment, full, sessionOptions, $"Loading the ONNX model {description}", LoadAdvice);
        return Wrap(runtime, session, description);
    }

    /// <summary>Loads a model from its bytes (ONNX Runtime copies what it needs; the span may be reused afterwards).</summary>
    /// <param name="model">The serialised ONNX model.</param>
    /// <param name="options">Library and threading options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty, or an option is out of range.</exception>
    /// <exception cref="RagPrefException">ONNX Runtime cannot be loaded, or it rejects the model (the exception carries its error code).</exception>
    public static OnnxSession Create(ReadOnlySpan<byte> model, OnnxRuntimeOptions? options = null)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model bytes are empty.", nameof(model));
        }

        options ??= new OnnxRuntimeOptions();
        ValidateOptions(options);
        OrtRuntime runtime = OrtRuntime.Get(options.LibraryPath);
        string description = $"(loaded from {model.Length:N0} bytes)";
        using OrtHandle sessionOptions = CreateSessionOptions(runtime, options);
        OrtHandle session = runtime.Api.CreateSessionFromArray(runtime.Environment, model, sessionOptions, $"Loading the ONNX model {description}", LoadAdvice);
        return Wrap(runtime, session, description);
    }

    /// <summary>The position of input <paramref name="name"/> in <see cref="Inputs"/>, or −1.</summary>
    public int IndexOfInput(string name) => IndexOf(Inputs, name);

    /// <summary>The position of output <paramref name="name"/> in <see cref="Outputs"/>, or −1.</summary>
    public int IndexOfOutput(string name) => IndexOf(Outputs, name);

    /// <summary>Releases the native session (after any run in progress ends).</summary>
    public void Dispose()
    {
        _session.Dispose();
        _inputNames.Dispose();
        _outputNames.Dispose();
    }

    private static OnnxSession Wrap(OrtRuntime runtime, OrtHandle session, string description)
    {
        try
        {
            return new OnnxSession(runtime, session, description);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static void ValidateOptions(OnnxRuntimeOptions options)
    {
        if (options.IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.IntraOpThreads, "OnnxRuntimeOptions.IntraOpThreads must be 0 (ONNX Runtime decides) or positive.");
        }
    }

    private static OrtHandle CreateSessionOptions(OrtRuntime runtime, OnnxRuntimeOptions options)
    {
        OrtApi api = runtime.Api;
        OrtHandle handle = api.CreateSessionOptions();
        try
        {
            api.SetIntraOpNumThreads(handle, options.IntraOpThreads);
            api.SetInterOpNumThreads(handle, 1);
            api.SetSessionGraphOptimizationLevel(handle, options.EnableGraphOptimization ? GraphOptimizationEnableAll : GraphOptimizationDisableAll);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static OnnxTensorInfo[] ReadInfos(OrtRuntime runtime, nint session, bool input)
    {
        OrtApi api = runtime.Api;
        int count = api.GetCount(session, input);
        var infos = new OnnxTensorInfo[count];
        for (int i = 0; i < count; i++)
        {
            string name = api.GetName(session, i, input, runtime.DefaultAllocator);
            (OnnxElementType type, long[] dims) = api.GetTypeInfo(session, i, input);
            infos[i] = new OnnxTensorInfo(name, type, dims);
        }

        return infos;
    }

    private static int IndexOf(IReadOnlyList<OnnxTensorInfo> infos, string name)
    {
        for (int i = 0; i < infos.Count; i++)
        {
            if (string.Equals(infos[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
