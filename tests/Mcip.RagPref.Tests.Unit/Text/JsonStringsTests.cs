using System.Text.Json;
using Mcip.RagPref.Cli.Commands;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Tests.Text;

/// <summary>Escaped lone surrogates (<c>"\ud800"</c>) are valid JSON but not valid UTF-16; request building must not throw on them.</summary>
public sealed class JsonStringsTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("""{"path":"\ud800"}""", "write_file\npath = \uFFFD")]
    [InlineData("""{"\udc00key":"v"}""", "write_file\n\uFFFDkey = v")]
    [InlineData("""{"a":{"b\ud800":["x\udfff\ud800y"]}}""", "write_file\na.b\uFFFD[0] = x\uFFFD\uFFFDy")]
    [InlineData("""{"pair":"\ud83d\ude00 ok"}""", "write_file\npair = \U0001F600 ok")]
    public void ToolCall_EscapedLoneSurrogates_RenderAsReplacementCharacters(string arguments, string expected)
    {
        GuardRequest request = GuardRequest.ToolCall(null, "write_file", Parse(arguments));

        Assert.Equal(expected, request.RenderedText);
    }

    [Fact]
    public void ToolDescription_EscapedLoneSurrogatesInSchema_RenderAsReplacementCharacters()
    {
        JsonElement schema = Parse("""{"\ud800":1,"properties":{"p\ud800":{"description":"d\udc00","properties":{"q":{"title":"t"}}}}}""");

        GuardRequest request = GuardRequest.ToolDescription("tool", "does things", schema);

        Assert.Equal("tool\ndoes things\np\uFFFD: d\uFFFD\np\uFFFD.q: t", request.RenderedText);
    }

    [Fact]
    public void ExampleFileReader_RowWithEscapedLoneSurrogates_ReadsWithReplacementCharacters()
    {
        // The root cause of 'ragpref store build' crashing on such a row.
        const string Rows = """
            {"\udfff":0,"text":"bad \ud800 text","label":"attack","tags":["t\udc00"]}
            {"text":"x","label":"benign","surface":"tool_call","tool":"run","arguments":{"cmd\ud800":"ls \udfff"}}
            """;

        ExampleInput[] inputs = [.. ExampleFileReader.Read(new StringReader(Rows), "rows.jsonl")];

        Assert.Equal("bad \uFFFD text", inputs[0].Text);
        Assert.Equal(["t\uFFFD"], inputs[0].Tags);
        Assert.Equal("run\ncmd\uFFFD = ls \uFFFD", inputs[1].Text);
    }

    [Fact]
    public void CheckCommandBuildRequest_ArgumentsWithEscapedLoneSurrogate_BuildsTheRequest()
    {
        // The root cause of 'ragpref check --arguments' crashing on such arguments.
        GuardRequest request = CheckCommand.BuildRequest("tool_call", "write_file", """{"path":"\ud800"}""", null);

        Assert.Equal("write_file\npath = \uFFFD", request.RenderedText);
    }

    [Fact]
    public void Unescape_EveryEscape_Decodes()
    {
        string decoded = JsonStrings.Unescape("a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\ud800"u8);

        Assert.Equal("a\"b\\c/d\b\f\n\r\tA\uFFFD", decoded);
    }

    [Fact]
    public void ReplaceLoneSurrogates_ValidText_ReturnsTheSameInstance()
    {
        const string Text = "plain \U0001F600 text";

        Assert.Same(Text, JsonStrings.ReplaceLoneSurrogates(Text));
        Assert.Equal("a\uFFFDb\uFFFD", JsonStrings.ReplaceLoneSurrogates("a\uDC00b\uD800"));
    }

    [Theory]
    [InlineData("{}", "an object")]
    [InlineData("[]", "a list")]
    [InlineData("\"s\"", "a string")]
    [InlineData("1.5", "a number")]
    [InlineData("true", "a boolean")]
    [InlineData("false", "a boolean")]
    [InlineData("null", "null")]
    public void Describe_EveryValueKind_NamesItAsMessagesDo(string json, string expected)
    {
        Assert.Equal(expected, JsonStrings.Describe(Parse(json).ValueKind));
    }

    [Fact]
    public void Describe_Undefined_IsMissing()
    {
        Assert.Equal("missing", JsonStrings.Describe(JsonValueKind.Undefined));
        Assert.Equal("missing", JsonStrings.Describe(default(JsonElement).ValueKind));
    }
}
