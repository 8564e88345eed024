using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Embeddings;

/// <summary>
/// The default encoder (all-MiniLM-L6-v2 from the Mcip.RagPref.Models.MiniLM resources, run by Microsoft.ML.OnnxRuntime)
/// against vectors an independent stack computed for the same graph (shared/reference/minilm-vectors.jsonl).
/// </summary>
public sealed class MiniLmReferenceTests : IClassFixture<MiniLmReferenceTests.Encoder>
{
    private readonly BertOnnxEmbeddingGenerator _generator;

    public MiniLmReferenceTests(Encoder encoder) => _generator = encoder.Generator;

    [Fact]
    public void Tokenizer_EveryReferenceText_GivesIdenticalIds()
    {
        MiniLmReferenceRow[] rows = MiniLmReferenceRow.Load();

        var wrong = rows.Where(r => !_generator.Tokenizer.EncodeToIds(r.Text, 256).SequenceEqual(r.Ids)).Select(r => r.Text).ToList();

        Assert.Equal(200, rows.Length);
        Assert.Empty(wrong);
    }

    [Fact]
    public void EmbedIds_EveryReferenceRow_MatchesTheIndependentVector()
    {
        MiniLmReferenceRow[] rows = MiniLmReferenceRow.Load();

        double worst = rows.Min(r => OnnxTestAssets.Cosine(_generator.EmbedIds(r.Ids), r.Vector));

        Assert.True(worst >= 0.99999, $"worst cosine {worst:F7}");
    }

    [Fact]
    public async Task GenerateAsync_TextsThatFitOneWindow_MatchTheIndependentVectorsInOneBatch()
    {
        MiniLmReferenceRow[] rows = [.. MiniLmReferenceRow.Load().Where(r => r.Ids.Length < 256)];

        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(rows.Select(r => r.Text), cancellationToken: TestContext.Current.CancellationToken);

        for (int i = 0; i < rows.Length; i++)
        {
            double cosine = OnnxTestAssets.Cosine(embeddings[i].Vector.Span, rows[i].Vector);
            Assert.True(cosine >= 0.99999, $"'{rows[i].Text}': cosine {cosine:F7}");
        }
    }

    [Fact]
    public async Task GenerateAsync_TextLongerThanOneWindow_IsTheTokenWeightedMeanOfItsWindows()
    {
        MiniLmReferenceRow row = MiniLmReferenceRow.Load().First(r => r.Ids.Length == 256);
        string text = string.Join(' ', Enumerable.Repeat(row.Text, 3));
        int[] all = _generator.Tokenizer.EncodeToIds(text);
        Assert.True(all.Length > 2 * 256, "the text must need at least three windows");

        ReadOnlyMemory<float> vector = (await _generator.GenerateAsync([text], cancellationToken: TestContext.Current.CancellationToken))[0].Vector;

        // Windows of 254 pieces sharing 32, each wrapped in [CLS] ... [SEP], weighted by their length.
        int[] pieces = all[1..^1];
        float[] expected = new float[384];
        for (int start = 0; ; start += 254 - 32)
        {
            int length = Math.Min(254, pieces.Length - start);
            int[] window = [all[0], .. pieces.AsSpan(start, length), all[^1]];
            float[] part = _generator.EmbedIds(window);
            for (int d = 0; d < expected.Length; d++)
            {
                expected[d] += part[d] * window.Length;
            }

            if (start + length >= pieces.Length)
            {
                break;
            }
        }

        float norm = MathF.Sqrt(expected.Sum(v => v * v));
        Assert.True(OnnxTestAssets.Cosine(vector.Span, [.. expected.Select(v => v / norm)]) >= 0.999999);
        Assert.True(OnnxTestAssets.Cosine(vector.Span, _generator.EmbedIds(all[..255].Append(all[^1]).ToArray())) < 0.9999, "a truncated text would give the first window's vector");
    }

    [Fact]
    public void Fingerprint_NamesTheModelAndEverySettingThatChangesVectors()
    {
        var fingerprint = (EmbedderFingerprint)_generator.GetService(typeof(EmbedderFingerprint))!;

        Assert.Equal("all-MiniLM-L6-v2+mean256w32", fingerprint.ModelId);
        Assert.Equal(384, fingerprint.Dimensions);
        Assert.Equal("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", fingerprint.WeightsSha256);
        Assert.Equal(256, _generator.WindowLength);
    }

    [Fact]
    public void CreateMiniLM_OtherWindowOrPooling_ChangesTheFingerprint()
    {
        using BertOnnxEmbeddingGenerator other = BertOnnxEmbeddingGenerator.CreateMiniLM(new BertOnnxEmbeddingGeneratorOptions { MaxLength = 128, Pooling = BertPooling.Cls });

        Assert.Equal("all-MiniLM-L6-v2+cls128w31", EmbedderFingerprint.Of(other).ModelId);
    }

    /// <summary>One MiniLM generator shared by the tests of the class.</summary>
    public sealed class Encoder : IDisposable
    {
        public BertOnnxEmbeddingGenerator Generator { get; } = BertOnnxEmbeddingGenerator.CreateMiniLM();

        public void Dispose() => Generator.Dispose();
    }
}
