using System.Text.Json;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>One row of shared/reference/use-lite-vectors.jsonl (TensorFlow.js output of USE Lite 0.2.0).</summary>
internal sealed record UseLiteReferenceRow(int Line, string Text, int[] Ids, float[] Vector)
{
    /// <summary>All rows; skips the test when shared/ is absent.</summary>
    public static IReadOnlyList<UseLiteReferenceRow> Load()
    {
        string path = SharedAssets.SharedFile("reference", "use-lite-vectors.jsonl");
        var rows = new List<UseLiteReferenceRow>();
        int line = 0;
        foreach (string json in File.ReadLines(path))
        {
            line++;
            if (json.Length == 0)
            {
                continue;
            }

            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            rows.Add(new UseLiteReferenceRow(
                line,
                root.GetProperty("text").GetString()!,
                root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                root.GetProperty("vector").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray()));
        }

        return rows;
    }
}
