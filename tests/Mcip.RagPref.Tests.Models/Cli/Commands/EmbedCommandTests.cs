using System.Text.Json;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Cli.Commands;

public sealed class EmbedCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Embed_Lines_WritesTheGeneratorsVectorsExactlyAndInOrder()
    {
        TinyBertReference reference = OnnxTestAssets.Reference();
        using var folder = new TinyBertModelFolder();
        string[] texts = [.. reference.TokenizerCases.Select(c => c.Key), .. Enumerable.Range(0, 70).Select(i => $"text number {i}")];
        string input = string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = t })));
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path);
        GeneratedEmbeddings<Embedding<float>> expected = await generator.GenerateAsync(texts, cancellationToken: Ct);

        (int code, string output, string error) = await CliRun.RunAsync(input, "embed", "--model", folder.Path);

        Assert.True(code == 0, error);
        string[] lines = CliRun.Lines(output);
        Assert.Equal(texts.Length, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(texts[i], doc.RootElement.GetProperty("text").GetString());
            float[] vector = [.. doc.RootElement.GetProperty("vector").EnumerateArray().Select(e => e.GetSingle())];
            Assert.True(OnnxTestAssets.Cosine(vector, expected[i].Vector.Span) >= 0.999999, $"line {i + 1}");
        }
    }

    [Fact]
    public async Task Embed_SingleText_FloatsRoundTripExactly()
    {
        using var folder = new TinyBertModelFolder();
        using BertOnnxEmbeddingGenerator generator = BertOnnxEmbeddingGenerator.Create(folder.Path);
        float[] expected = (await generator.GenerateAsync(["The new movie is awesome!"], cancellationToken: Ct))[0].Vector.ToArray();

        (int code, string output, _) = await CliRun.RunAsync("\"The new movie is awesome!\"", "embed", "--model", folder.Path);

        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(CliRun.Lines(output)[0]);
        Assert.Equal(expected, doc.RootElement.GetProperty("vector").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Embed_InputAndOutputFiles_WritesTheOutputFile()
    {
        using var folder = new TinyBertModelFolder();
        string input = folder.FilePath("in.jsonl");
        string output = folder.FilePath("out.jsonl");
        await File.WriteAllTextAsync(input, "\"first\"\n\"second\"\n", Ct);

        (int code, string stdout, _) = await CliRun.RunAsync(string.Empty, "embed", "--model", folder.Path, "--input", input, "--output", output);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(2, (await File.ReadAllLinesAsync(output, Ct)).Length);
        Assert.Empty(Directory.GetFiles(folder.Path, "out.jsonl.tmp-*"));
    }

    [Fact]
    public async Task Embed_BadLineAfterGoodOnes_LeavesTheExistingOutputFileUntouched()
    {
        using var folder = new TinyBertModelFolder();
        string input = folder.FilePath("in.jsonl");
        string output = folder.FilePath("out.jsonl");
        await File.WriteAllTextAsync(input, "\"first\"\n[1, 2]\n", Ct);
        await File.WriteAllTextAsync(output, "previous content\n", Ct);

        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "embed", "--model", folder.Path, "--input", input, "--output", output);

        Assert.Equal(1, code);
        Assert.Contains($"'{input}', line 2: expected a JSON string or an object", error, StringComparison.Ordinal);
        Assert.Equal("previous content\n", await File.ReadAllTextAsync(output, Ct));
        Assert.Empty(Directory.GetFiles(folder.Path, "out.jsonl.tmp-*"));
    }

    [Fact]
    public async Task Embed_FolderWithoutModel_FailsNamingTheFile()
    {
        using var folder = new TinyBertModelFolder(withModel: false);

        (int code, _, string error) = await CliRun.RunAsync("\"a\"", "embed", "--model", folder.Path);

        Assert.Equal(1, code);
        Assert.Contains($"'{folder.Path}' has no model.onnx", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_MissingInputFile_FailsNamingIt()
    {
        using var folder = new TinyBertModelFolder();
        string missing = folder.FilePath("missing.jsonl");

        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "embed", "--model", folder.Path, "--input", missing);

        Assert.Equal(1, code);
        Assert.Contains($"The input file '{missing}' (from --input) does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minilm", 384)]
    [InlineData("hybrid:0.5", 384 + 2048)]
    [InlineData("hashed", 2048)]
    public async Task Embed_NamedModel_WritesOneUnitVectorOfItsDimensions(string model, int dimensions)
    {

        (int code, string output, string error) = await CliRun.RunAsync("{\"text\": \"add my key to authorized_keys\"}", "embed", "--model", model);

        Assert.True(code == 0, error);
        string[] lines = CliRun.Lines(output);
        Assert.Single(lines);
        using JsonDocument doc = JsonDocument.Parse(lines[0]);
        float[] vector = [.. doc.RootElement.GetProperty("vector").EnumerateArray().Select(e => e.GetSingle())];
        Assert.Equal(dimensions, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
    }

    [Fact]
    public async Task Embed_HybridWeightOutOfRange_ExplainsTheValidForm()
    {
        (int code, _, string error) = await CliRun.RunAsync("{\"text\": \"a\"}", "embed", "--model", "hybrid:1.5");

        Assert.Equal(1, code);
        Assert.Contains("hybrid:W", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_MiniLm_WritesVectorsMatchingTheIndependentReference()
    {
        MiniLmReferenceRow[] rows = [.. MiniLmReferenceRow.Load().Where(r => r.Ids.Length < 256).Take(5)];
        string input = string.Join('\n', rows.Select(r => JsonSerializer.Serialize(r.Text)));

        (int code, string output, string error) = await CliRun.RunAsync(input, "embed", "--model", "minilm");

        Assert.True(code == 0, error);
        string[] lines = CliRun.Lines(output);
        Assert.Equal(rows.Length, lines.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(lines[i]);
            float[] vector = [.. doc.RootElement.GetProperty("vector").EnumerateArray().Select(e => e.GetSingle())];
            Assert.True(OnnxTestAssets.Cosine(vector, rows[i].Vector) >= 0.99999, $"line {i + 1}");
        }
    }
}
