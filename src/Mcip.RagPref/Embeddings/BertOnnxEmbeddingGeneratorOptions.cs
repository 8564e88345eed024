using Mcip.RagPref.Onnx;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// Settings of a <see cref="BertOnnxEmbeddingGenerator"/>: which model inputs and output to use, truncation,
/// batching and ONNX Runtime options. The defaults fit any BERT-family sentence encoder exported to ONNX the
/// usual way (all-MiniLM-L6-v2, bge, e5, gte).
/// </summary>
/// <remarks>Plain settings: not thread-safe to mutate; the generator copies what it needs when created.</remarks>
public sealed class BertOnnxEmbeddingGeneratorOptions
{
    /// <summary>
    /// Gets or sets the model identifier used in the <see cref="EmbedderFingerprint"/> and the metadata.
    /// Default <see langword="null"/>: the name of the model folder (for example <c>all-MiniLM-L6-v2</c>).
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>
    /// Gets or sets the maximum number of tokens per text, <c>[CLS]</c> and <c>[SEP]</c> included; longer texts
    /// are truncated. Default 256 (what all-MiniLM-L6-v2 was trained with). The effective limit is also capped by
    /// <c>model_max_length</c> in <c>tokenizer_config.json</c> and <c>max_position_embeddings</c> in
    /// <c>config.json</c> when the model folder has them. Must be at least 2.
    /// </summary>
    public int MaxLength { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many texts are run through the model at once (padded to the longest of them). Default 16.
    /// Must be at least 1. Cancellation is checked between batches.
    /// </summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Gets or sets the name of the token-id input. Default <c>input_ids</c>; the model must have it.</summary>
    public string InputIdsName { get; set; } = "input_ids";

    /// <summary>
    /// Gets or sets the name of the attention-mask input. Default <c>attention_mask</c>; when set, the model must
    /// have it. <see langword="null"/> means the model takes no mask (pooling still ignores padding).
    /// </summary>
    public string? AttentionMaskName { get; set; } = "attention_mask";

    /// <summary>
    /// Gets or sets the name of the segment-id input, fed with zeros (one segment) when the model has it and
    /// skipped when it does not (DistilBERT-style models). Default <c>token_type_ids</c>; <see langword="null"/>
    /// never feeds it.
    /// </summary>
    public string? TokenTypeIdsName { get; set; } = "token_type_ids";

    /// <summary>
    /// Gets or sets the name of the float output of shape [batch, sequence, hidden] that is mean-pooled.
    /// Default <c>last_hidden_state</c>; the model must have it.
    /// </summary>
    public string OutputName { get; set; } = "last_hidden_state";

    /// <summary>Gets or sets how ONNX Runtime is found and configured. Default: automatic resolution, one intra-op thread, all graph optimisations.</summary>
    public OnnxRuntimeOptions OnnxRuntime { get; set; } = new();
}
