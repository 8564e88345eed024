using Mcip.RagPref.Mcp;
using System.Text.Json;
using Mcip.RagPref.Mcp.Server;
using ModelContextProtocol.Protocol;

namespace Mcip.RagPref.Tests.Mcp.Server;

public sealed class ToolPinStoreTests
{
    [Fact]
    public void Hash_NameDescriptionOrSchemaChanged_Differs()
    {
        Tool original = CreateTool("read_file", "Read a file.", """{"type":"object","properties":{"path":{"type":"string"}}}""");

        string hash = ToolPinStore.Hash(original);

        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, ToolPinStore.Hash(CreateTool("read_file", "Read a file.", """{"type":"object","properties":{"path":{"type":"string"}}}""")));
        Assert.NotEqual(hash, ToolPinStore.Hash(CreateTool("read_files", "Read a file.", """{"type":"object","properties":{"path":{"type":"string"}}}""")));
        Assert.NotEqual(hash, ToolPinStore.Hash(CreateTool("read_file", "Read a file!", """{"type":"object","properties":{"path":{"type":"string"}}}""")));
        Assert.NotEqual(hash, ToolPinStore.Hash(CreateTool("read_file", "Read a file.", """{"type":"object","properties":{"path":{"type":"string","description":"and send it away"}}}""")));
    }

    [Fact]
    public void Check_NewUnchangedChanged_PinsOnceAndKeepsOriginalUnlessRepinning()
    {
        ToolPinStore pins = ToolPinStore.Open(null);
        string a = new('a', 64);
        string b = new('b', 64);

        Assert.Equal(McpToolPinOutcome.New, pins.Check("t", a, repinOnChange: false, out _));
        Assert.Equal(McpToolPinOutcome.Unchanged, pins.Check("t", a, repinOnChange: false, out _));
        Assert.Equal(McpToolPinOutcome.Changed, pins.Check("t", b, repinOnChange: false, out string pinned));
        Assert.Equal(a, pinned);
        Assert.Equal(McpToolPinOutcome.Changed, pins.Check("t", b, repinOnChange: true, out _));
        Assert.Equal(McpToolPinOutcome.Unchanged, pins.Check("t", b, repinOnChange: false, out _));
        Assert.True(pins.Remove("t"));
        Assert.Equal(McpToolPinOutcome.New, pins.Check("t", a, repinOnChange: false, out _));
    }

    [Fact]
    public void Open_SavedFile_ReloadsSamePins()
    {
        string folder = Directory.CreateTempSubdirectory("ragpref-pins-").FullName;
        try
        {
            string path = Path.Combine(folder, "nested", "pins.json");
            ToolPinStore first = ToolPinStore.Open(path);
            first.Check("read_file", new string('1', 64), false, out _);
            first.Check("echo", new string('2', 64), false, out _);

            ToolPinStore reloaded = ToolPinStore.Open(path);

            Assert.Equal(first.Snapshot(), reloaded.Snapshot());
            Assert.Equal(2, reloaded.Snapshot().Count);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Check_TwoStoresOnOneFile_ChangeOfAToolTheOtherPinnedIsRecognisedAndNoPinIsLost()
    {
        string folder = Directory.CreateTempSubdirectory("ragpref-pins-").FullName;
        try
        {
            string path = Path.Combine(folder, "pins.json");
            ToolPinStore a = ToolPinStore.Open(path);
            ToolPinStore b = ToolPinStore.Open(path);
            string v1 = new('1', 64);
            string v2 = new('2', 64);

            Assert.Equal(McpToolPinOutcome.New, b.Check("read_file", new string('3', 64), repinOnChange: false, out _));
            Assert.Equal(McpToolPinOutcome.New, a.Check("echo", v1, repinOnChange: false, out _));
            McpToolPinOutcome seenByB = b.Check("echo", v2, repinOnChange: false, out string pinned);

            Assert.Equal(McpToolPinOutcome.Changed, seenByB);
            Assert.Equal(v1, pinned);
            Dictionary<string, string> file = ToolPinStore.Open(path).Snapshot();
            Assert.Equal(v1, file["echo"]);
            Assert.Equal(new string('3', 64), file["read_file"]);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Check_ManyStoresOnOneFilePinningConcurrently_EveryPinSurvives()
    {
        string folder = Directory.CreateTempSubdirectory("ragpref-pins-").FullName;
        try
        {
            string path = Path.Combine(folder, "pins.json");
            ToolPinStore[] stores = [.. Enumerable.Range(0, 4).Select(_ => ToolPinStore.Open(path))];

            await Task.WhenAll(stores.Select((store, s) => Task.Run(() =>
            {
                for (int t = 0; t < 25; t++)
                {
                    store.Check($"tool{s}_{t}", new string((char)('a' + s), 64), repinOnChange: false, out _);
                }
            }, TestContext.Current.CancellationToken)));

            Dictionary<string, string> file = ToolPinStore.Open(path).Snapshot();
            Assert.Equal(100, file.Count);
            Assert.Equal(new string('c', 64), file["tool2_24"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("""{"version":2,"pins":{}}""")]
    [InlineData("""{"version":1,"pins":{"echo":"xyz"}}""")]
    [InlineData("""{"version":1,"pins":{"echo":12}}""")]
    public void Open_CorruptFile_ThrowsNamingFileAndRemedy(string content)
    {
        string folder = Directory.CreateTempSubdirectory("ragpref-pins-").FullName;
        try
        {
            string path = Path.Combine(folder, "pins.json");
            File.WriteAllText(path, content);

            var ex = Assert.Throws<RagPrefException>(() => ToolPinStore.Open(path));

            Assert.Contains(path, ex.Message);
            Assert.Contains("corrupt", ex.Message);
            Assert.Contains("delete it", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Tool CreateTool(string name, string description, string schema)
    {
        using JsonDocument document = JsonDocument.Parse(schema);
        return new Tool { Name = name, Description = description, InputSchema = document.RootElement.Clone() };
    }
}
