namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>The tiny-bert reference: sentence texts, their token ids, pooled unit vectors, hidden size and the padded batch's output dims.</summary>
internal sealed record TinyBertReference(
    IReadOnlyList<string> Texts, IReadOnlyList<long[]> Ids, IReadOnlyList<float[]> Vectors, int Dimensions, int[] BatchOutputDims);
