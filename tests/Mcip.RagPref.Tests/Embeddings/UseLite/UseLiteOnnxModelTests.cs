using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings.UseLite;

/// <summary>The converted graph in the real ONNX Runtime, fed the reference token ids.</summary>
public sealed class UseLiteOnnxModelTests(ConvertedUseLiteModel model) : IClassFixture<ConvertedUseLiteModel>
{
    [Fact]
    public void Run_EveryReferenceRow_MatchesTensorFlowJsVector()
    {
        IReadOnlyList<UseLiteReferenceRow> rows = UseLiteReferenceRow.Load();

        var failures = new List<string>();
        foreach (UseLiteReferenceRow row in rows)
        {
            int[] ids = row.Ids.Length == 0 ? [UseLiteOnnxConverter.PaddingId] : row.Ids;
            float[] vector = model.Run(ids, 1, ids.Length);
            double cosine = OnnxTestAssets.Cosine(vector, row.Vector);
            if (!(cosine >= 0.9999))
            {
                failures.Add($"line {row.Line} ({row.Ids.Length} ids): cosine {cosine}");
            }
        }

        Assert.True(rows.Count >= 200, $"only {rows.Count} reference rows");
        Assert.Empty(failures);
    }

    [Fact]
    public void Run_IdsBeyond128_AreIgnored()
    {
        UseLiteReferenceRow row = UseLiteReferenceRow.Load().First(r => r.Ids.Length > 200);

        float[] clipped = model.Run(row.Ids[..128], 1, 128);
        float[] full = model.Run(row.Ids, 1, row.Ids.Length);

        Assert.Equal(clipped, full);
    }

    [Fact]
    public void Run_PaddedBatchOf16_EqualsSingleRows()
    {
        UseLiteReferenceRow[] rows = [.. UseLiteReferenceRow.Load().Take(16)];
        int columns = rows.Max(r => Math.Min(128, r.Ids.Length));
        int[] dense = new int[rows.Length * columns];
        Array.Fill(dense, UseLiteOnnxConverter.PaddingId);
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r].Ids.AsSpan(0, Math.Min(128, rows[r].Ids.Length)).CopyTo(dense.AsSpan(r * columns));
        }

        float[] batch = model.Run(dense, rows.Length, columns);

        for (int r = 0; r < rows.Length; r++)
        {
            int[] ids = rows[r].Ids.Length > 128 ? rows[r].Ids[..128] : rows[r].Ids;
            float[] single = model.Run(ids, 1, ids.Length);
            for (int i = 0; i < 512; i++)
            {
                Assert.True(Math.Abs(single[i] - batch[(r * 512) + i]) <= 1e-5, $"row {r}, dimension {i}: {single[i]} vs {batch[(r * 512) + i]}");
            }
        }
    }

    [Fact]
    public void Run_RowWithoutTokens_GivesNormalisedTanhOfTheOutputBias()
    {
        TfjsWeights weights = TfjsWeights.Load(model.Directory, UseLiteAssets.ExpectedSha256);
        float[] bias = weights["module/Encoder_en/hidden_layers/tanh_layer_0/bias"].ToFloats();
        double[] expected = bias.Select(b => Math.Tanh(b)).ToArray();
        double norm = Math.Sqrt(expected.Sum(x => x * x));

        float[] vector = model.Run([UseLiteOnnxConverter.PaddingId, UseLiteOnnxConverter.PaddingId], 1, 2);

        for (int i = 0; i < 512; i++)
        {
            Assert.Equal(expected[i] / norm, vector[i], 1e-6);
        }
    }

    [Fact]
    public void Run_EmptyRowInsideABatch_DoesNotChangeTheOtherRow()
    {
        UseLiteReferenceRow row = UseLiteReferenceRow.Load()[0];
        int columns = row.Ids.Length;
        int[] dense = new int[2 * columns];
        Array.Fill(dense, UseLiteOnnxConverter.PaddingId);
        row.Ids.CopyTo(dense, columns);

        float[] batch = model.Run(dense, 2, columns);

        Assert.True(OnnxTestAssets.Cosine(batch.AsSpan(512, 512), row.Vector) >= 0.9999);
    }
}
