using System.Text.Json;
using Mcip.RagPref.Embeddings.Onnx;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>The tiny random BERT fixture from shared/reference and its reference outputs.</summary>
internal static class OnnxTestAssets
{
    /// <summary>shared/reference/tiny-bert-random.onnx; skips when shared/ is absent.</summary>
    public static string TinyBertModel() => SharedAssets.SharedFile("reference", "tiny-bert-random.onnx");

    /// <summary>The MiniLM vocabulary; skips when shared/ is absent.</summary>
    public static string MiniLmVocabulary() => SharedAssets.SharedFile("models", "all-MiniLM-L6-v2", "vocab.txt");

    /// <summary>The parsed shared/reference/tiny-bert-random-reference.json.</summary>
    public static TinyBertReference Reference()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(SharedAssets.SharedFile("reference", "tiny-bert-random-reference.json")));
        JsonElement sentences = doc.RootElement.GetProperty("tokenizer").GetProperty("sentences");
        JsonElement model = doc.RootElement.GetProperty("models").GetProperty("tiny-bert-random");
        var texts = new List<string>();
        var ids = new List<long[]>();
        foreach (JsonElement sentence in sentences.EnumerateArray())
        {
            texts.Add(sentence.GetProperty("text").GetString()!);
            ids.Add(sentence.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        }

        float[][] vectors = model.GetProperty("full").EnumerateArray()
            .Select(v => v.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray())
            .ToArray();
        int[] batchDims = model.GetProperty("batchOutputDims").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var cases = new List<KeyValuePair<string, long[]>>();
        for (int i = 0; i < texts.Count; i++)
        {
            cases.Add(new(texts[i], ids[i]));
        }

        foreach (JsonElement extra in doc.RootElement.GetProperty("tokenizer").GetProperty("extra").EnumerateArray())
        {
            cases.Add(new(extra.GetProperty("text").GetString()!, extra.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToArray()));
        }

        return new TinyBertReference(texts, ids, vectors, model.GetProperty("embeddingDim").GetInt32(), batchDims, cases);
    }

    /// <summary>Cosine similarity in double precision.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
