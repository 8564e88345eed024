using System.Text.Json;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// One row of shared/reference/minilm-vectors.jsonl: a text, the Hugging Face WordPiece ids (truncated to 256) and
/// the all-MiniLM-L6-v2 vector an independent stack (tokenizers + onnxruntime-node) computed for the same graph.
/// </summary>
internal sealed record MiniLmReferenceRow(string Text, int[] Ids, float[] Vector)
{
    private static readonly Lazy<MiniLmReferenceRow[]> Rows = new(Read);

    /// <summary>All rows; skips the test when shared/ is absent.</summary>
    public static MiniLmReferenceRow[] Load()
    {
        SharedAssets.RequireShared();
        return Rows.Value;
    }

    private static MiniLmReferenceRow[] Read()
    {
        var rows = new List<MiniLmReferenceRow>();
        foreach (string line in File.ReadLines(SharedAssets.SharedFile("reference", "minilm-vectors.jsonl")))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            rows.Add(new MiniLmReferenceRow(
                root.GetProperty("text").GetString()!,
                [.. root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())],
                [.. root.GetProperty("vector").EnumerateArray().Select(e => e.GetSingle())]));
        }

        return [.. rows];
    }
}
