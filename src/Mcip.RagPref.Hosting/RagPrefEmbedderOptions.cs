using Mcip.RagPref.Embeddings;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Settings of the default embedder (all-MiniLM-L6-v2 with hashed n-grams, in-process through ONNX Runtime; the model
/// comes with the library). Ignored when the host supplies its own embedder with <see cref="IRagPrefBuilder.UseEmbedder"/>.
/// </summary>
/// <remarks>Plain settings: not synchronised for concurrent writes; read once, when the embedder is created.</remarks>
public sealed class RagPrefEmbedderOptions
{
    /// <summary>
    /// Gets or sets a folder holding another BERT-family sentence encoder (<c>model.onnx</c>, <c>vocab.txt</c> and its
    /// configuration files) to use in place of all-MiniLM-L6-v2. Default <see langword="null"/>: all-MiniLM-L6-v2, carried
    /// by the Mcip.RagPref.Models.MiniLM package.
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Gets or sets the threads one inference may use inside an operator. Default 1 (suits servers); 0 lets ONNX Runtime pick. Must not be negative.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Gets or sets the texts per ONNX Runtime run. Default 16; at least 1.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>The options of <see cref="BertOnnxEmbeddingGenerator"/> these settings describe.</summary>
    internal BertOnnxEmbeddingGeneratorOptions ToEncoderOptions() => new()
    {
        BatchSize = BatchSize,
        IntraOpThreads = IntraOpThreads,
    };
}
