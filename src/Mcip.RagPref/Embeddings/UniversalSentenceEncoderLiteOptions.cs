using Mcip.RagPref.Onnx;

namespace Mcip.RagPref.Embeddings;

/// <summary>Options of <see cref="UniversalSentenceEncoderLite"/>.</summary>
public sealed class UniversalSentenceEncoderLiteOptions
{
    /// <summary>
    /// The folder holding the model files: <c>model.onnx</c>, or the TensorFlow.js files
    /// (<c>model.json</c>, <c>group1-shard1of7</c>..<c>7of7</c>) to convert it from, and <c>vocab.json</c>.
    /// Default <see langword="null"/>: the set-up cache (<c>~/.cache/mcip-ragpref/use-lite/0.2.0</c>, see
    /// <c>MCIP_RAGPREF_CACHE</c>).
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// Texts per ONNX Runtime run. Default 16. Texts are grouped by token count before batching, so a
    /// batch pads little; results do not depend on it beyond float rounding (about 1e-7).
    /// </summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Whether <see cref="UniversalSentenceEncoderLite.Create"/> may convert the TensorFlow.js files to
    /// <c>model.onnx</c> when it is missing (about 2 seconds, once; the folder must be writable). Default
    /// <see langword="true"/>.
    /// </summary>
    public bool ConvertIfMissing { get; set; } = true;

    /// <summary>ONNX Runtime settings (native library path, threads). Default <see langword="null"/>: the defaults of <see cref="OnnxRuntimeOptions"/>.</summary>
    public OnnxRuntimeOptions? OnnxRuntime { get; set; }
}
