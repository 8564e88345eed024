using System.Text.Json;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Commands;

public sealed class TokenizeCommandTests
{
    [Fact]
    public async Task Tokenize_StringsAndObjects_WritesReferenceIdsPerLine()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using var folder = new TinyBertModelFolder(withModel: false);
        string input = string.Join('\n', reference.TokenizerCases.Select((c, i) => i % 2 == 0
            ? JsonSerializer.Serialize(c.Key)
            : JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = i, ["text"] = c.Key })));

        (int code, string output, string error) = await CliRun.RunAsync(input, "tokenize", "--model", folder.Path);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        string[] lines = CliRun.Lines(output);
        Assert.Equal(reference.TokenizerCases.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(reference.TokenizerCases[i].Key, doc.RootElement.GetProperty("text").GetString());
            Assert.Equal(reference.TokenizerCases[i].Value, doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()));
        }
    }

    [Fact]
    public async Task Tokenize_LongTextWithoutMaxLength_DoesNotTruncate()
    {
        using var folder = new TinyBertModelFolder(withModel: false);
        string text = string.Concat(Enumerable.Repeat("word ", 600));

        (int code, string output, _) = await CliRun.RunAsync(JsonSerializer.Serialize(text), "tokenize", "--model", folder.Path);

        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(CliRun.Lines(output)[0]);
        Assert.Equal(602, doc.RootElement.GetProperty("ids").GetArrayLength());
    }

    [Fact]
    public async Task Tokenize_MaxLength_TruncatesKeepingClsAndSep()
    {
        using var folder = new TinyBertModelFolder(withModel: false);

        (int code, string output, _) = await CliRun.RunAsync("\"A man is eating food.\"", "tokenize", "--model", folder.Path, "--max-length", "4");

        Assert.Equal(0, code);
        Assert.Equal("""{"text":"A man is eating food.","ids":[101,1037,2158,102]}""", CliRun.Lines(output)[0]);
    }

    [Fact]
    public async Task Tokenize_BlankLines_AreSkipped()
    {
        using var folder = new TinyBertModelFolder(withModel: false);

        (int code, string output, _) = await CliRun.RunAsync("\n\"a\"\n   \n{\"text\": \"b\"}\n\n", "tokenize", "--model", folder.Path);

        Assert.Equal(0, code);
        Assert.Equal(2, CliRun.Lines(output).Length);
    }

    [Theory]
    [InlineData("\"ok\"\n{\"txt\": \"no text field\"}", "line 2", "without a \"text\" field")]
    [InlineData("\"ok\"\n\"fine\"\nnot json", "line 3", "not valid JSON")]
    [InlineData("42", "line 1", "found a JSON number")]
    [InlineData("{\"text\": 5}", "line 1", "\"text\" is a number")]
    public async Task Tokenize_BadLine_FailsNamingTheLineNumber(string input, string line, string problem)
    {
        using var folder = new TinyBertModelFolder(withModel: false);

        (int code, _, string error) = await CliRun.RunAsync(input, "tokenize", "--model", folder.Path);

        Assert.Equal(1, code);
        Assert.Contains($"standard input, {line}:", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokenize_MaxLengthBelowTwo_Fails()
    {
        using var folder = new TinyBertModelFolder(withModel: false);

        (int code, _, string error) = await CliRun.RunAsync("\"a\"", "tokenize", "--model", folder.Path, "--max-length", "1");

        Assert.Equal(2, code); // bad usage (issue 13: invalid option values exit 2)
        Assert.Contains("--max-length is 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokenize_FolderWithoutVocabulary_FailsNamingTheFile()
    {
        using var folder = new TinyBertModelFolder(withVocabulary: false);

        (int code, _, string error) = await CliRun.RunAsync("\"a\"", "tokenize", "--model", folder.Path);

        Assert.Equal(1, code);
        Assert.Contains($"'{folder.Path}' has no vocab.txt", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokenize_NoModel_WritesTheWordPieceIdsMiniLmReads()
    {
        MiniLmReferenceRow shortRow = MiniLmReferenceRow.Load().First(r => r.Ids.Length is > 3 and < 20);
        MiniLmReferenceRow otherRow = MiniLmReferenceRow.Load().First(r => r.Ids.Length is > 20 and < 256);
        string input = JsonSerializer.Serialize(shortRow.Text) + "\n" + JsonSerializer.Serialize(otherRow.Text);

        (int code, string output, string error) = await CliRun.RunAsync(input, "tokenize");
        (int limitedCode, string limited, _) = await CliRun.RunAsync(input, "tokenize", "--model", "minilm", "--max-length", "3");

        Assert.True(code == 0, error);
        string[] lines = CliRun.Lines(output);
        Assert.Equal(shortRow.Ids, Ids(lines[0]));
        Assert.Equal(otherRow.Ids, Ids(lines[1]));
        Assert.Equal(0, limitedCode);
        Assert.Equal([shortRow.Ids[0], shortRow.Ids[1], shortRow.Ids[^1]], Ids(CliRun.Lines(limited)[0]));
    }

    private static int[] Ids(string line)
    {
        using JsonDocument doc = JsonDocument.Parse(line);
        return [.. doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())];
    }
}
