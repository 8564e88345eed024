namespace Mcip.RagPref.Embeddings.Onnx;

/// <summary>
/// How ONNX Runtime runs one model: how many threads a session may use and whether the graph is optimised when it
/// loads. ONNX Runtime itself comes with the Microsoft.ML.OnnxRuntime package (managed API and the native library for
/// every supported platform); nothing has to be installed or located.
/// </summary>
/// <remarks>
/// <para>
/// Built from <see cref="BertOnnxEmbeddingGeneratorOptions.IntraOpThreads"/> and
/// <see cref="BertOnnxEmbeddingGeneratorOptions.EnableGraphOptimization"/>; any further ONNX model shares this type.
/// </para>
/// <para>Instances are plain settings: not thread-safe to mutate; embedders copy what they need when created.</para>
/// </remarks>
internal sealed class OnnxRuntimeOptions
{
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

    /// <summary>Returns a copy of these settings.</summary>
    /// <returns>A new instance with the same values.</returns>
    public OnnxRuntimeOptions Clone() => new() { IntraOpThreads = IntraOpThreads, EnableGraphOptimization = EnableGraphOptimization };
}
