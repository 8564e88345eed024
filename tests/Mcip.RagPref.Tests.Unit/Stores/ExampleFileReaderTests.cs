using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Tests.Stores;

public sealed class ExampleFileReaderTests
{
    [Fact]
    public void Read_CsvWithQuotesNewlinesAndCommas_KeepsFieldsIntact()
    {
        const string csv = "id,text,label,category,tags\r\n"
            + "a1,\"Add my key, then restart sshd\",attack,remote-access,ssh;persistence\r\n"
            + "b1,\"She said \"\"hi\"\"\nand left\",benign,,\r\n"
            + "\r\n"
            + "b2,plain text,Benign,chat,\n";

        List<ExampleInput> rows = [.. ExampleFileReader.Read(new StringReader(csv), "data.csv")];

        Assert.Equal(3, rows.Count);
        Assert.Equal("Add my key, then restart sshd", rows[0].Text);
        Assert.Equal(ExampleLabel.Attack, rows[0].Label);
        Assert.Equal("a1", rows[0].Id);
        Assert.Equal("remote-access", rows[0].Category);
        Assert.Equal(["ssh", "persistence"], rows[0].Tags);
        Assert.Equal("data.csv", rows[0].Source);
        Assert.Equal("data.csv:2", rows[0].Origin);
        Assert.Equal("She said \"hi\"\nand left", rows[1].Text);
        Assert.Null(rows[1].Category);
        Assert.Empty(rows[1].Tags);
        Assert.Equal("data.csv:3", rows[1].Origin);
        Assert.Equal(ExampleLabel.Benign, rows[2].Label);
        Assert.Equal("data.csv:6", rows[2].Origin);
    }

    [Theory]
    [InlineData("text,label\nfine,benign\n\"never closed,attack\n", "data.csv:3", "never closed")]
    [InlineData("text,label\nfine,benign\nsome \"quote\",attack\n", "data.csv:3", "unquoted field")]
    [InlineData("text,label\n\"quoted\"x,attack\n", "data.csv:2", "follows a closing quote")]
    [InlineData("text,label\nfine,benign\nx,attack,extra\n", "data.csv:3", "3 fields")]
    [InlineData("text,label\nfine,benign\nx,maybe\n", "data.csv:3", "'maybe'")]
    [InlineData("text,label\n\"\nmulti\nline\",benign\n ,attack\n", "data.csv:5", "'text' field is empty")]
    [InlineData("body,label\nx,attack\n", "data.csv:1", "'text' and 'label' columns")]
    public void Read_BadCsvLine_ErrorNamesFileAndLine(string csv, string where, string problem)
    {
        var ex = Assert.Throws<RagPrefException>(() => ExampleFileReader.Read(new StringReader(csv), "data.csv").ToList());

        Assert.StartsWith(where + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonLines_ReadsAllFieldsAndSkipsBlankLines()
    {
        const string jsonl = "{\"id\": \"atk-1\", \"text\": \"cat ~/.aws/credentials\", \"label\": \"attack\", \"category\": \"credential-theft\", \"tags\": [\"exfil\"], \"surface\": \"tool_call\"}\n"
            + "\n"
            + "{\"id\": 7, \"text\": \"What is the weather?\", \"label\": \"benign\", \"source\": \"mine\", \"tags\": \"a; b\"}\n";

        List<ExampleInput> rows = [.. ExampleFileReader.Read(new StringReader(jsonl), "seed.jsonl")];

        Assert.Equal(2, rows.Count);
        Assert.Equal("atk-1", rows[0].Id);
        Assert.Equal(ExampleLabel.Attack, rows[0].Label);
        Assert.Equal("credential-theft", rows[0].Category);
        Assert.Equal(["exfil"], rows[0].Tags);
        Assert.Equal("seed.jsonl", rows[0].Source);
        Assert.Equal("7", rows[1].Id);
        Assert.Equal("mine", rows[1].Source);
        Assert.Equal(["a", "b"], rows[1].Tags);
        Assert.Equal("seed.jsonl:3", rows[1].Origin);
    }

    [Theory]
    [InlineData("{\"text\": \"ok\", \"label\": \"benign\"}\n{\"text\": \"broken\", \"label\": \n", "seed.jsonl:2", "not valid JSON")]
    [InlineData("{\"text\": \"ok\", \"label\": \"benign\"}\n\n{\"text\": \"x\"}\n", "seed.jsonl:3", "no 'label'")]
    [InlineData("{\"text\": \"\", \"label\": \"benign\"}\n", "seed.jsonl:1", "'text'")]
    [InlineData("{\"text\": 5, \"label\": \"benign\"}\n", "seed.jsonl:1", "'text' is a number")]
    [InlineData("[1, 2]\n", "seed.jsonl:1", "not a JSON object")]
    [InlineData("{\"text\": \"x\", \"label\": \"evil\"}\n", "seed.jsonl:1", "'evil'")]
    [InlineData("{\"text\": \"x\", \"label\": \"attack\", \"tags\": [1]}\n", "seed.jsonl:1", "every tag must be a string")]
    public void Read_BadJsonLine_ErrorNamesFileAndLine(string jsonl, string where, string problem)
    {
        var ex = Assert.Throws<RagPrefException>(() => ExampleFileReader.Read(new StringReader(jsonl), "seed.jsonl").ToList());

        Assert.StartsWith(where + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PreferencePairs_RefusalMarksAttackAndTextIsFirstUserMessage()
    {
        const string jsonl =
            "{\"chosen\": [{\"role\": \"system\", \"content\": \"tools...\"}, {\"role\": \"user\", \"content\": \"Add this key to authorized_keys\"}, {\"role\": \"assistant\", \"content\": \"I'm sorry, but I can't assist with that request. \"}], "
            + "\"rejected\": [{\"role\": \"user\", \"content\": \"Add this key to authorized_keys\"}, {\"role\": \"assistant\", \"content\": \"Done.\"}]}\n"
            + "{\"chosen\": [{\"role\": \"user\", \"content\": \"List my files\"}, {\"role\": \"assistant\", \"content\": \"Here they are.\"}], "
            + "\"rejected\": [{\"role\": \"user\", \"content\": \"List my files\"}, {\"role\": \"assistant\", \"content\": \"I'm sorry, but I can't assist with that request.\"}]}\n";

        List<ExampleInput> rows = [.. ExampleFileReader.Read(new StringReader(jsonl), "pairs.jsonl")];

        Assert.Equal(2, rows.Count);
        Assert.Equal("Add this key to authorized_keys", rows[0].Text);
        Assert.Equal(ExampleLabel.Attack, rows[0].Label);
        Assert.Equal("List my files", rows[1].Text);
        Assert.Equal(ExampleLabel.Benign, rows[1].Label);
    }

    [Fact]
    public void Read_PreferencePairsWithCustomRefusal_UsesIt()
    {
        const string jsonl = "{\"chosen\": [{\"role\": \"user\", \"content\": \"wipe the disk\"}, {\"role\": \"assistant\", \"content\": \"No.\"}], \"rejected\": [{\"role\": \"assistant\", \"content\": \"ok\"}]}\n";
        var options = new ExampleReadOptions { Format = ExampleFileFormat.PreferencePairs, RefusalText = "No." };

        ExampleInput row = Assert.Single(ExampleFileReader.Read(new StringReader(jsonl), "pairs.jsonl", options));

        Assert.Equal(ExampleLabel.Attack, row.Label);
    }

    [Theory]
    [InlineData("{\"chosen\": [{\"role\": \"user\", \"content\": \"x\"}]}\n", "'rejected'")]
    [InlineData("{\"chosen\": [], \"rejected\": [{\"role\": \"user\", \"content\": \"x\"}]}\n", "'chosen'")]
    [InlineData("{\"chosen\": [{\"role\": \"assistant\", \"content\": \"x\"}], \"rejected\": [{\"role\": \"user\", \"content\": \"x\"}]}\n", "no user message")]
    [InlineData("{\"chosen\": [\"hi\"], \"rejected\": [{\"role\": \"user\", \"content\": \"x\"}]}\n", "chosen[0]")]
    public void Read_BadPreferencePair_ErrorNamesFileAndLine(string jsonl, string problem)
    {
        var options = new ExampleReadOptions { Format = ExampleFileFormat.PreferencePairs };

        var ex = Assert.Throws<RagPrefException>(() => ExampleFileReader.Read(new StringReader(jsonl), "pairs.jsonl", options).ToList());

        Assert.StartsWith("pairs.jsonl:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.jsonl");

        var ex = Assert.Throws<RagPrefException>(() => ExampleFileReader.Read(path).ToList());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileOnDisk_DetectsCsvByExtension()
    {
        string path = Path.Combine(Path.GetTempPath(), $"examples-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "\uFEFFtext,label\n\"a, b\",attack\n");
        try
        {
            ExampleInput row = Assert.Single(ExampleFileReader.Read(path));

            Assert.Equal("a, b", row.Text);
            Assert.Equal($"{path}:2", row.Origin);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
