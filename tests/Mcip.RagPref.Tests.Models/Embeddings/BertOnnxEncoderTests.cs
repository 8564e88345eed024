using System.Numerics.Tensors;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings;

public sealed class BertOnnxEncoderTests
{
    [Fact]
    public void Encode_ReferenceTokenIds_MatchOnnxRuntimeNodePooledVectors()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using BertOnnxEncoder encoder = BertOnnxEncoder.Create(OnnxTestAssets.TinyBertModel(), Options());

        Assert.Equal(reference.Dimensions, encoder.Dimensions);
        for (int s = 0; s < reference.Ids.Count; s++)
        {
            float[] vector = EncodeOne(encoder, reference.Ids[s]);

            Assert.True(OnnxTestAssets.Cosine(vector, reference.Vectors[s]) >= 0.99999, $"sentence {s}");
            Assert.Equal(1f, TensorPrimitives.Norm(vector), 5);
        }
    }

    [Fact]
    public void Encode_PaddedBatch_EqualsSingleRows()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using BertOnnxEncoder encoder = BertOnnxEncoder.Create(OnnxTestAssets.TinyBertModel(), Options());
        int batch = reference.Ids.Count;
        int length = reference.Ids.Max(i => i.Length);
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int b = 0; b < batch; b++)
        {
            reference.Ids[b].CopyTo(ids, b * length);
            Array.Fill(mask, 1L, b * length, reference.Ids[b].Length);
        }

        float[] vectors = new float[batch * encoder.Dimensions];
        encoder.Encode(ids, mask, [], batch, length, vectors);

        for (int b = 0; b < batch; b++)
        {
            float[] single = EncodeOne(encoder, reference.Ids[b]);
            float[] row = vectors.AsSpan(b * encoder.Dimensions, encoder.Dimensions).ToArray();
            Assert.True(MaxAbsDifference(single, row) <= 1e-6f, $"row {b}");
        }
    }

    [Fact]
    public void Encode_ExplicitZeroTokenTypes_EqualImplicitZeros()
    {
        long[] ids = OnnxTestAssets.Reference().Ids[2];
        using BertOnnxEncoder encoder = BertOnnxEncoder.Create(OnnxTestAssets.TinyBertModel(), Options());
        long[] mask = Enumerable.Repeat(1L, ids.Length).ToArray();
        float[] explicitZeros = new float[encoder.Dimensions];

        encoder.Encode(ids, mask, new long[ids.Length], 1, ids.Length, explicitZeros);

        Assert.Equal(EncodeOne(encoder, ids), explicitZeros);
    }

    [Fact]
    public void Encode_SpanLengthNotMatchingShape_ThrowsArgumentException()
    {
        using BertOnnxEncoder encoder = BertOnnxEncoder.Create(OnnxTestAssets.TinyBertModel(), Options());
        float[] destination = new float[encoder.Dimensions];

        Assert.Throws<ArgumentException>(() => encoder.Encode(new long[3], new long[2], [], 1, 2, destination));
    }

    [Fact]
    public void Create_InputNamesTheModelLacks_ThrowsListingEveryProblem()
    {
        BertOnnxEmbeddingGeneratorOptions options = Options();
        options.InputIdsName = "ids";
        options.AttentionMaskName = "mask";

        RagPrefException ex = Assert.Throws<RagPrefException>(() => BertOnnxEncoder.Create(OnnxTestAssets.TinyBertModel(), options));

        Assert.Contains("- it has no input 'ids'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- it has no input 'mask'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- the model also needs input input_ids (int64 [-1, -1])", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- the model also needs input attention_mask (int64 [-1, -1])", ex.Message, StringComparison.Ordinal);
        Assert.Contains("The model's inputs: input_ids (int64 [-1, -1]), attention_mask", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TokenTypesNotFedButDeclaredByTheModel_Throws()
    {
        BertOnnxEmbeddingGeneratorOptions options = Options();
        options.TokenTypeIdsName = null;

        RagPrefException ex = Assert.Throws<RagPrefException>(() => BertOnnxEncoder.Create(OnnxTestAssets.TinyBertModel(), options));

        Assert.Contains("also needs input token_type_ids", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OutputNameTheModelLacks_ThrowsNamingTheOutputs()
    {
        BertOnnxEmbeddingGeneratorOptions options = Options();
        options.OutputName = "sentence_embedding";

        RagPrefException ex = Assert.Throws<RagPrefException>(() => BertOnnxEncoder.Create(OnnxTestAssets.TinyBertModel(), options));

        Assert.Contains("- it has no output 'sentence_embedding'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("its outputs: last_hidden_state (float [-1, -1, 32])", ex.Message, StringComparison.Ordinal);
    }

    internal static BertOnnxEmbeddingGeneratorOptions Options() => new() { IntraOpThreads = 1 };

    private static float[] EncodeOne(BertOnnxEncoder encoder, long[] ids)
    {
        float[] vector = new float[encoder.Dimensions];
        encoder.Encode(ids, Enumerable.Repeat(1L, ids.Length).ToArray(), [], 1, ids.Length, vector);
        return vector;
    }

    private static float MaxAbsDifference(float[] a, float[] b)
    {
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
