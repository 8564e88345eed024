namespace Mcip.RagPref.Embeddings;

/// <summary>
/// Settings of a <see cref="BertOnnxEmbeddingGenerator"/>: which model inputs and output to use, windowing of long
/// texts, pooling, prompt, batching and ONNX Runtime options. The defaults fit any BERT-family sentence encoder exported to ONNX the
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
    /// Gets or sets the number of tokens one run of the model sees, <c>[CLS]</c> and <c>[SEP]</c> included. Longer
    /// texts are never truncated: they are cut into windows of this many tokens that share
    /// <see cref="WindowOverlap"/> tokens, each window is embedded, and the text's vector is the token-weighted mean
    /// of the window vectors, normalised. Default <see langword="null"/>: the length the model was trained with
    /// (<c>max_seq_length</c> in <c>sentence_bert_config.json</c>, 256 for all-MiniLM-L6-v2), else
    /// <c>model_max_length</c> of <c>tokenizer_config.json</c>, else 512; always capped by
    /// <c>max_position_embeddings</c> in <c>config.json</c>. Must be at least 8 when set.
    /// </summary>
    public int? MaxLength { get; set; }

    /// <summary>
    /// Gets or sets how many tokens consecutive windows of a long text share (see <see cref="MaxLength"/>). Default 32;
    /// at least 0. It is capped at a quarter of the window, so that every window brings new text.
    /// </summary>
    public int WindowOverlap { get; set; } = 32;

    /// <summary>
    /// Gets or sets how token states become the sentence vector. Default <see langword="null"/>: what the model's
    /// pooling configuration (<c>1_Pooling/config.json</c>) says, else <see cref="BertPooling.Mean"/>.
    /// </summary>
    public BertPooling? Pooling { get; set; }

    /// <summary>
    /// Gets or sets a text put before every input (some models, such as e5, expect <c>"query: "</c>). Default
    /// <see langword="null"/>: the model's default prompt from <c>config_sentence_transformers.json</c>, else none;
    /// an empty string forces none.
    /// </summary>
    public string? Prompt { get; set; }

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

    /// <summary>
    /// Gets or sets the number of threads one inference may use inside an operator. Default 1, which suits servers that
    /// embed many requests concurrently (each request uses one core); 0 lets ONNX Runtime pick (one per physical core).
    /// Must not be negative. ONNX Runtime itself comes with the Microsoft.ML.OnnxRuntime package (managed API and the
    /// native library for every supported platform); nothing has to be installed or located.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Gets or sets whether ONNX Runtime applies all graph optimisations (<c>ORT_ENABLE_ALL</c>: constant folding, operator
    /// fusion, layout changes) when it loads the model. Default <see langword="true"/>; <see langword="false"/> disables
    /// them (<c>ORT_DISABLE_ALL</c>), which only helps when debugging a model.
    /// </summary>
    public bool EnableGraphOptimization { get; set; } = true;
}
