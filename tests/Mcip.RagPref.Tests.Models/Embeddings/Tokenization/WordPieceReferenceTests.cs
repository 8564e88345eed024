using System.Text;
using System.Text.Json;
using Mcip.RagPref.Embeddings.Tokenization;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings.Tokenization;

/// <summary>Golden ids from the Hugging Face tokenizers (see shared/reference/README.md).</summary>
public sealed class WordPieceReferenceTests
{
    [Fact]
    public void EncodeToIds_EveryReferenceString_MatchesHuggingFaceIds()
    {
        string referencePath = SharedAssets.SharedFile("reference", "minilm-wordpiece-ids.jsonl");
        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(SharedAssets.SharedFile("models", "all-MiniLM-L6-v2", "vocab.txt"));
        var failures = new StringBuilder();
        int lines = 0;
        int mismatches = 0;
        foreach (string line in File.ReadLines(referencePath))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            string text = document.RootElement.GetProperty("text").GetString()!;
            int[] expected = [.. document.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())];
            int[] actual = tokenizer.EncodeToIds(text);
            lines++;
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                mismatches++;
                if (mismatches <= 10)
                {
                    failures.AppendLine($"line {lines}: {JsonSerializer.Serialize(text)}\n  expected [{string.Join(',', expected)}]\n  actual   [{string.Join(',', actual)}]");
                }
            }
        }

        Assert.Equal(1906, lines);
        Assert.True(mismatches == 0, $"{mismatches} of {lines} strings differ:\n{failures}");
    }
}
