using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Onnx;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Settings of the default embedder (Universal Sentence Encoder Lite with hashed n-grams, in-process through ONNX
/// Runtime). Ignored when the host supplies its own embedder with <see cref="IRagPrefBuilder.UseEmbedder"/>.
/// </summary>
/// <remarks>Plain settings: not synchronised for concurrent writes; read once, when the embedder is created.</remarks>
public sealed class RagPrefEmbedderOptions
{
    /// <summary>
    /// Gets or sets the folder holding the model files (see <see cref="UniversalSentenceEncoderLiteOptions.ModelDirectory"/>).
    /// Default <see langword="null"/>: the set-up cache (<c>~/.cache/mcip-ragpref/use-lite/0.2.0</c>, see <c>MCIP_RAGPREF_CACHE</c>).
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// Gets or sets the ONNX Runtime native library (a file or a folder holding it; see <see cref="OnnxRuntimeOptions.LibraryPath"/>).
    /// Default <see langword="null"/>: resolved automatically (application folder, <c>MCIP_RAGPREF_ONNXRUNTIME</c>, set-up cache, system loader).
    /// </summary>
    public string? OnnxRuntimeLibraryPath { get; set; }

    /// <summary>Gets or sets the threads one inference may use inside an operator. Default 1 (suits servers); 0 lets ONNX Runtime pick. Must not be negative.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Gets or sets the texts per ONNX Runtime run. Default 16; at least 1.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Gets or sets whether a missing <c>model.onnx</c> may be converted from the TensorFlow.js files once (the folder must be writable). Default <see langword="true"/>.</summary>
    public bool ConvertIfMissing { get; set; } = true;

    /// <summary>The options of <see cref="UniversalSentenceEncoderLite"/> these settings describe.</summary>
    internal UniversalSentenceEncoderLiteOptions ToEncoderOptions() => new()
    {
        ModelDirectory = ModelDirectory,
        BatchSize = BatchSize,
        ConvertIfMissing = ConvertIfMissing,
        OnnxRuntime = new OnnxRuntimeOptions { LibraryPath = OnnxRuntimeLibraryPath, IntraOpThreads = IntraOpThreads },
    };
}
