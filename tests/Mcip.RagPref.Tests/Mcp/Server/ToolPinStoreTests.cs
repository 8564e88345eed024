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

        Assert.Equal(ToolPinOutcome.New, pins.Check("t", a, repinOnChange: false, out _));
        Assert.Equal(ToolPinOutcome.Unchanged, pins.Check("t", a, repinOnChange: false, out _));
        Assert.Equal(ToolPinOutcome.Changed, pins.Check("t", b, repinOnChange: false, out string pinned));
        Assert.Equal(a, pinned);
        Assert.Equal(ToolPinOutcome.Changed, pins.Check("t", b, repinOnChange: true, out _));
        Assert.Equal(ToolPinOutcome.Unchanged, pins.Check("t", b, repinOnChange: false, out _));
        Assert.True(pins.Remove("t"));
        Assert.Equal(ToolPinOutcome.New, pins.Check("t", a, repinOnChange: false, out _));
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
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
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
