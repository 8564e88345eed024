using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Onnx;

/// <summary>
/// Session creation, metadata and Run against the real library and tiny-bert-random.onnx. Together these
/// exercise every slot the binding calls (see OrtSlot): metadata (30, 31, 33, 34, 36, 37, 55, 60-62, 76, 78),
/// options (10, 23-25, 100), sessions (7, 8, 95), tensors and Run (9, 49, 51, 65, 69, 96, 99).
/// </summary>
public sealed class OnnxSessionTests
{
    [Fact]
    public void Create_TinyBert_ReadsInputAndOutputNamesTypesAndShapes()
    {
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());

        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], session.Inputs.Select(i => i.Name));
        Assert.All(session.Inputs, i => Assert.Equal(OnnxElementType.Int64, i.ElementType));
        Assert.All(session.Inputs, i => Assert.Equal(2, i.Rank));
        OnnxTensorInfo output = Assert.Single(session.Outputs);
        Assert.Equal("last_hidden_state", output.Name);
        Assert.Equal(OnnxElementType.Float, output.ElementType);
        Assert.Equal(3, output.Rank);
        Assert.Equal(32, output.Dimensions[2]);
        Assert.Equal("1.30.0", session.RuntimeVersion);
    }

    [Fact]
    public void Create_FromBytes_ReadsTheSameMetadata()
    {
        byte[] bytes = File.ReadAllBytes(OnnxTestAssets.TinyBertModel());

        using OnnxSession session = OnnxSession.Create(bytes, OnnxTestAssets.Options());

        Assert.Equal("input_ids (int64 [-1, -1]), attention_mask (int64 [-1, -1]), token_type_ids (int64 [-1, -1])", OnnxTensorInfo.FormatList(session.Inputs));
        Assert.Equal("last_hidden_state (float [-1, -1, 32])", session.Outputs[0].ToString());
        Assert.Contains($"{bytes.Length:N0} bytes", session.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReferenceTokenIds_MeanPooledOutputMatchesOnnxRuntimeNode()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());

        for (int s = 0; s < reference.Ids.Count; s++)
        {
            long[] ids = reference.Ids[s];
            using OnnxOutputs outputs = session.Run(Inputs(ids, 1, ids.Length));

            Assert.Equal([1L, ids.Length, reference.Dimensions], outputs.GetShape(0).ToArray());
            float[] pooled = MeanPool(outputs.GetFloatData(0), ids.Length, reference.Dimensions, ids.Length);
            Assert.True(OnnxTestAssets.Cosine(pooled, reference.Vectors[s]) >= 0.99999, $"sentence {s}");
        }
    }

    [Fact]
    public void Run_PaddedBatch_EqualsSingleRunsOnTheRealTokens()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        int batch = reference.Ids.Count;
        int length = reference.Ids.Max(i => i.Length);
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int b = 0; b < batch; b++)
        {
            reference.Ids[b].CopyTo(ids, b * length);
            Array.Fill(mask, 1L, b * length, reference.Ids[b].Length);
        }

        long[] shape = [batch, length];
        using OnnxOutputs outputs = session.Run(
            [OnnxInput.Int64("input_ids", ids, shape), OnnxInput.Int64("attention_mask", mask, shape), OnnxInput.Int64("token_type_ids", new long[batch * length], shape)],
            ["last_hidden_state"]);

        Assert.Equal(reference.BatchOutputDims.Select(d => (long)d), outputs.GetShape(0).ToArray());
        int hidden = reference.Dimensions;
        for (int b = 0; b < batch; b++)
        {
            float[] pooled = MeanPool(outputs.GetFloatData(0).Slice(b * length * hidden, length * hidden), length, hidden, reference.Ids[b].Length);
            Assert.True(OnnxTestAssets.Cosine(pooled, reference.Vectors[b]) >= 0.99999, $"row {b}");
        }
    }

    [Fact]
    public void Run_GraphOptimizationOff_GivesTheSameOutput()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        OnnxRuntimeOptions options = OnnxTestAssets.Options();
        options.EnableGraphOptimization = false;
        options.IntraOpThreads = 2;
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), options);
        long[] ids = reference.Ids[0];

        using OnnxOutputs outputs = session.Run(Inputs(ids, 1, ids.Length));

        float[] pooled = MeanPool(outputs.GetFloatData(0), ids.Length, reference.Dimensions, ids.Length);
        Assert.True(OnnxTestAssets.Cosine(pooled, reference.Vectors[0]) >= 0.99999);
    }

    [Fact]
    public void Run_PinnedInputs_GiveTheSameOutputAsMemoryInputs()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        long[] ids = reference.Ids[1];
        long[] mask = Enumerable.Repeat(1L, ids.Length).ToArray();
        long[] types = new long[ids.Length];
        long[] shape = [1, ids.Length];
        float[] fromMemory;
        using (OnnxOutputs outputs = session.Run(Inputs(ids, 1, ids.Length)))
        {
            fromMemory = outputs.GetFloatData(0).ToArray();
        }

        float[] fromPinned;
        unsafe
        {
            fixed (long* pIds = ids)
            fixed (long* pMask = mask)
            fixed (long* pTypes = types)
            {
                using OnnxOutputs outputs = session.Run(
                    [
                        OnnxInput.Pinned("input_ids", OnnxElementType.Int64, pIds, ids.Length, shape),
                        OnnxInput.Pinned("attention_mask", OnnxElementType.Int64, pMask, ids.Length, shape),
                        OnnxInput.Pinned("token_type_ids", OnnxElementType.Int64, pTypes, ids.Length, shape),
                    ]);
                fromPinned = outputs.GetFloatData(0).ToArray();
            }
        }

        Assert.Equal(fromMemory, fromPinned);
    }

    [Fact]
    public async Task Run_ConcurrentCallsOnOneSession_AllMatchASequentialRun()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        float[][] expected = reference.Ids.Select(ids => RunOnce(session, ids)).ToArray();

        float[][][] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            Enumerable.Range(0, 20).Select(k => RunOnce(session, reference.Ids[(t + k) % reference.Ids.Count])).ToArray())));

        for (int t = 0; t < results.Length; t++)
        {
            for (int k = 0; k < results[t].Length; k++)
            {
                Assert.Equal(expected[(t + k) % reference.Ids.Count], results[t][k]);
            }
        }
    }

    private static float[] RunOnce(OnnxSession session, long[] ids)
    {
        using OnnxOutputs outputs = session.Run(Inputs(ids, 1, ids.Length));
        return outputs.GetFloatData(0).ToArray();
    }

    internal static OnnxInput[] Inputs(long[] ids, int batch, int length)
    {
        long[] shape = [batch, length];
        return
        [
            OnnxInput.Int64("input_ids", ids, shape),
            OnnxInput.Int64("attention_mask", Enumerable.Repeat(1L, ids.Length).ToArray(), shape),
            OnnxInput.Int64("token_type_ids", new long[ids.Length], shape),
        ];
    }

    internal static float[] MeanPool(ReadOnlySpan<float> hidden, int length, int width, int validTokens)
    {
        Assert.Equal(length * width, hidden.Length);
        float[] sum = new float[width];
        for (int t = 0; t < validTokens; t++)
        {
            for (int d = 0; d < width; d++)
            {
                sum[d] += hidden[(t * width) + d];
            }
        }

        return sum;
    }
}
