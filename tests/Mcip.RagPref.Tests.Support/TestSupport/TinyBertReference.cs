namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// The tiny-bert reference: sentence texts, their token ids, pooled unit vectors, hidden size, the padded batch's
/// output dims, and every tokenizer case (the sentences and the extra strings) with its ids.
/// </summary>
internal sealed record TinyBertReference(
    IReadOnlyList<string> Texts, IReadOnlyList<long[]> Ids, IReadOnlyList<float[]> Vectors, int Dimensions, int[] BatchOutputDims,
    IReadOnlyList<KeyValuePair<string, long[]>> TokenizerCases);
