using System.Numerics.Tensors;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings;

/// <summary>The encoder over a BERT-shaped model with other names (ids, mask, hidden), built in the test.</summary>
public sealed class BertOnnxEncoderModelTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Encode_OtherNamesSetInOptions_PoolsOnlyMaskedTokens(bool int32Inputs, bool dynamicHidden)
    {
        string path = TestOnnxModels.WriteTemp(TestOnnxModels.TinyEncoder(int32Inputs, dynamicHidden));
        try
        {
            using BertOnnxEncoder encoder = BertOnnxEncoder.Create(path, NamedOptions());
            long[] ids = [5, 1, 7, 0, 3, 3, 0, 0];
            long[] mask = [1, 1, 1, 0, 1, 1, 0, 0];
            float[] vectors = new float[2 * 4];

            encoder.Encode(ids, mask, [], 2, 4, vectors);

            Assert.Equal(4, encoder.Dimensions);
            Assert.Equal(Expected([5, 1, 7]), vectors[..4], new FloatTolerance(1e-6f));
            Assert.Equal(Expected([3, 3]), vectors[4..], new FloatTolerance(1e-6f));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Create_DefaultNamesOnAModelWithOtherNames_ThrowsListingTheModelsNames()
    {
        string path = TestOnnxModels.WriteTemp(TestOnnxModels.TinyEncoder(int32Inputs: false, dynamicHidden: false));
        try
        {
            RagPrefException ex = Assert.Throws<RagPrefException>(() => BertOnnxEncoder.Create(path, BertOnnxEncoderTests.Options()));

            Assert.Contains("- it has no input 'input_ids'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("- it has no input 'attention_mask'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("- it has no output 'last_hidden_state'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("The model's inputs: ids (int64 [-1, -1]), mask (int64 [-1, -1]); its outputs: hidden (float [-1, -1, 4])", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static BertOnnxEmbeddingGeneratorOptions NamedOptions()
    {
        BertOnnxEmbeddingGeneratorOptions options = BertOnnxEncoderTests.Options();
        options.InputIdsName = "ids";
        options.AttentionMaskName = "mask";
        options.OutputName = "hidden";
        return options;
    }

    private static float[] Expected(int[] tokens)
    {
        float[] sum = new float[4];
        foreach (int token in tokens)
        {
            TensorPrimitives.Add(sum, TestOnnxModels.EncoderTable.AsSpan(token * 4, 4), sum);
        }

        TensorPrimitives.Divide(sum, TensorPrimitives.Norm(sum), sum);
        return sum;
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
