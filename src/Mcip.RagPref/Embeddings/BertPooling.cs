namespace Mcip.RagPref.Embeddings;

/// <summary>How a BERT-family encoder's per-token hidden states become one sentence vector.</summary>
/// <remarks>Read from the model's sentence-transformers pooling configuration (<c>1_Pooling/config.json</c>).</remarks>
public enum BertPooling
{
    /// <summary>The mean of the hidden states of the real tokens (attention mask 1): <c>pooling_mode_mean_tokens</c>.</summary>
    Mean,

    /// <summary>The hidden state of the first token, <c>[CLS]</c>: <c>pooling_mode_cls_token</c>.</summary>
    Cls,

    /// <summary>The element-wise maximum over the real tokens: <c>pooling_mode_max_tokens</c>.</summary>
    Max,
}
