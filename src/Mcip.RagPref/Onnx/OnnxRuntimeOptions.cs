namespace Mcip.RagPref.Onnx;

/// <summary>
/// How the library finds and configures ONNX Runtime for one model: which native library to load and
/// how many threads a session may use.
/// </summary>
/// <remarks>
/// <para>
/// This type lives in the <c>Mcip.RagPref.Onnx</c> namespace, the lowest layer, so that the ONNX Runtime
/// binding and every embedder built on it (for example
/// <c>BertOnnxEmbeddingGeneratorOptions</c>) share one options type.
/// </para>
/// <para>
/// Native library resolution, first match wins: <see cref="LibraryPath"/> when set (only that place is
/// tried), else the <c>MCIP_RAGPREF_ONNXRUNTIME</c> environment variable when set (only that place is tried),
/// else <c>runtimes/&lt;rid&gt;/native/libonnxruntime.so(.1)</c> and <c>libonnxruntime.so(.1)</c> beside the
/// application (where the Microsoft.ML.OnnxRuntime NuGet package puts it), else the set-up cache filled by
/// <c>./build.sh setup</c>, else the system loader (<c>libonnxruntime.so.1</c>, <c>libonnxruntime.so</c>).
/// Each library is loaded once per process; one ONNX Runtime environment (logging level ERROR) is shared
/// by every session that uses it.
/// </para>
/// <para>Instances are plain settings: not thread-safe to mutate, safe to share once configured.</para>
/// </remarks>
public sealed class OnnxRuntimeOptions
{
    /// <summary>
    /// Gets or sets the path of the ONNX Runtime native library (a file such as
    /// <c>/opt/onnxruntime/lib/libonnxruntime.so.1</c>, or a folder holding it). Default <see langword="null"/>:
    /// resolve automatically (see the remarks on <see cref="OnnxRuntimeOptions"/>). When set, no other place
    /// is tried, so a wrong path fails loudly instead of silently loading a different library.
    /// </summary>
    public string? LibraryPath { get; set; }

    /// <summary>
    /// Gets or sets the number of threads one inference may use inside an operator. Default 1, which suits
    /// servers that embed many requests concurrently (each request uses one core); 0 lets ONNX Runtime pick
    /// (one per physical core). Must not be negative.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Gets or sets whether ONNX Runtime applies all graph optimisations (<c>ORT_ENABLE_ALL</c>: constant
    /// folding, operator fusion, layout changes) when it loads the model. Default <see langword="true"/>;
    /// <see langword="false"/> disables them (<c>ORT_DISABLE_ALL</c>), which only helps when debugging a model.
    /// </summary>
    public bool EnableGraphOptimization { get; set; } = true;
}
