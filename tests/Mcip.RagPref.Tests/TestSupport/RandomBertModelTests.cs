using Mcip.RagPref.Benchmarks.Models;
using Mcip.RagPref.Onnx;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>The random BERT generator used by the benchmarks, checked with the real ONNX Runtime.</summary>
public sealed class RandomBertModelTests : IDisposable
{
    private static readonly RandomBertConfig Small = new(Layers: 2, Hidden: 32, Heads: 4, Intermediate: 64, VocabularySize: 100, MaxPositions: 16);

    private readonly string _folder = Directory.CreateTempSubdirectory("ragpref-random-bert-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void GetOrCreate_MiniLmShape_DeclaresTheHuggingFaceInterfaceAndRuns()
    {
        OnnxRuntimeOptions options = OnnxTestAssets.Options();
        string path = RandomBertModel.GetOrCreate(RandomBertConfig.MiniLmL6, _folder);

        using OnnxSession session = OnnxSession.Create(path, options);
        using OnnxOutputs outputs = session.Run(Inputs([101, 7592, 2088, 102], [1, 1, 1, 1], 1, 4));

        Assert.Equal("input_ids (int64 [-1, -1]), attention_mask (int64 [-1, -1]), token_type_ids (int64 [-1, -1])", OnnxTensorInfo.FormatList(session.Inputs));
        Assert.Equal("last_hidden_state (float [-1, -1, 384])", session.Outputs[0].ToString());
        Assert.Equal([1L, 4, 384], outputs.GetShape(0).ToArray());
        Assert.InRange(new FileInfo(path).Length, 85_000_000, 95_000_000);
    }

    [Fact]
    public void Run_SmallModel_TokenVectorsAreLayerNormalized()
    {
        OnnxRuntimeOptions options = OnnxTestAssets.Options();
        using OnnxSession session = OnnxSession.Create(RandomBertModel.GetOrCreate(Small, _folder), options);

        using OnnxOutputs outputs = session.Run(Inputs([1, 5, 9, 2], [1, 1, 1, 1], 1, 4));

        ReadOnlySpan<float> data = outputs.GetFloatData(0);
        for (int token = 0; token < 4; token++)
        {
            ReadOnlySpan<float> vector = data.Slice(token * 32, 32);
            double mean = 0;
            double square = 0;
            foreach (float v in vector)
            {
                Assert.True(float.IsFinite(v));
                mean += v / 32.0;
                square += (double)v * v / 32.0;
            }

            Assert.InRange(mean, -1e-4, 1e-4);
            Assert.InRange(square - (mean * mean), 0.999, 1.001);
        }
    }

    [Fact]
    public void Run_PaddedRow_RealTokensMatchUnpaddedRun()
    {
        OnnxRuntimeOptions options = OnnxTestAssets.Options();
        using OnnxSession session = OnnxSession.Create(RandomBertModel.GetOrCreate(Small, _folder), options);

        using OnnxOutputs padded = session.Run(Inputs([1, 7, 8, 2, 1, 3, 2, 0], [1, 1, 1, 1, 1, 1, 1, 0], 2, 4));
        using OnnxOutputs alone = session.Run(Inputs([1, 3, 2], [1, 1, 1], 1, 3));

        ReadOnlySpan<float> second = padded.GetFloatData(0).Slice(4 * 32, 3 * 32);
        ReadOnlySpan<float> expected = alone.GetFloatData(0);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(second[i] - expected[i]) < 1e-4, $"element {i}: {second[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void GetOrCreate_Twice_ReusesTheFileAndBuildIsDeterministic()
    {
        string first = RandomBertModel.GetOrCreate(Small, _folder);
        DateTime written = File.GetLastWriteTimeUtc(first);

        string second = RandomBertModel.GetOrCreate(Small, _folder);

        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second));
        Assert.Equal(File.ReadAllBytes(first), RandomBertModel.Build(Small));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Validate_HeadsNotDividingHidden_Throws()
    {
        Assert.Throws<ArgumentException>(() => RandomBertModel.Build(Small with { Heads = 5 }));
    }

    private static OnnxInput[] Inputs(long[] ids, long[] mask, int batch, int sequence)
    {
        long[] shape = [batch, sequence];
        return
        [
            OnnxInput.Int64("input_ids", ids, shape),
            OnnxInput.Int64("attention_mask", mask, shape),
            OnnxInput.Int64("token_type_ids", new long[ids.Length], shape),
        ];
    }
}
