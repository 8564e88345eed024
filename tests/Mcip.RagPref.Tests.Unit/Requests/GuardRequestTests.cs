using System.Globalization;
using System.Text.Json;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Tests.Requests;

public sealed class GuardRequestTests
{
    [Fact]
    public void UserPrompt_Text_RendersUnchanged()
    {
        GuardRequest request = GuardRequest.UserPrompt("Please  list my files");

        Assert.Equal(GuardSurface.UserPrompt, request.Surface);
        Assert.Equal("Please  list my files", request.RenderedText);
        Assert.Equal("Please  list my files", request.Text);
        Assert.Null(request.ToolName);
        Assert.Empty(request.Arguments);
    }

    [Fact]
    public void ToolCall_ReorderedKeys_RenderEqually()
    {
        GuardRequest a = ToolCallFromJson("""{"path":"/home/u/.bashrc","content":"echo hi","mode":{"append":true,"perm":644}}""");
        GuardRequest b = ToolCallFromJson("""{"mode":{"perm":644,"append":true},"content":"echo hi","path":"/home/u/.bashrc"}""");

        Assert.Equal(a.RenderedText, b.RenderedText);
        Assert.Equal("write_file\ncontent = echo hi\nmode.append = true\nmode.perm = 644\npath = /home/u/.bashrc", a.RenderedText);
    }

    [Fact]
    public void ToolCall_NestedArraysAndObjects_FlattenWithPaths()
    {
        GuardRequest request = ToolCallFromJson("""{"users":[{"name":"bob","keys":["ssh-rsa AAA"]},{"name":"eve"}],"empty":{},"none":[],"n":null}""");

        Assert.Equal(
            "write_file\nempty = {}\nn = null\nnone = []\nusers[0].keys[0] = ssh-rsa AAA\nusers[0].name = bob\nusers[1].name = eve",
            request.RenderedText);
    }

    [Theory]
    [InlineData("1000", "1000")]
    [InlineData("1e3", "1000")]
    [InlineData("1000.0", "1000")]
    [InlineData("0.10", "0.1")]
    [InlineData("-2.5E-1", "-0.25")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void ToolCall_NumberSpellings_RenderInvariantForm(string json, string expected)
    {
        GuardRequest request = ToolCallFromJson("{\"x\":" + json + "}");

        Assert.Equal("write_file\nx = " + expected, request.RenderedText);
    }

    [Fact]
    public void ToolCall_NumbersUnderAnotherCulture_RenderInvariantForm()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            GuardRequest request = ToolCallFromJson("""{"x":0.5}""");
            Assert.Equal("write_file\nx = 0.5", request.RenderedText);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void ToolCall_DictionaryAndJsonObject_RenderEqually()
    {
        using JsonDocument doc = JsonDocument.Parse("""{"b":"two","a":1}""");
        Dictionary<string, JsonElement> arguments = new() { ["b"] = doc.RootElement.GetProperty("b"), ["a"] = doc.RootElement.GetProperty("a") };

        GuardRequest fromDictionary = GuardRequest.ToolCall("srv", "tool", arguments);
        GuardRequest fromElement = GuardRequest.ToolCall(null, "tool", doc.RootElement);

        Assert.Equal(fromElement.RenderedText, fromDictionary.RenderedText);
        Assert.Equal("tool\na = 1\nb = two", fromDictionary.RenderedText);
        Assert.Equal("srv", fromDictionary.Server);
    }

    [Fact]
    public void ToolCall_DocumentDisposed_ArgumentsStayReadable()
    {
        GuardRequest request;
        using (JsonDocument doc = JsonDocument.Parse("""{"path":"/etc/passwd"}"""))
        {
            request = GuardRequest.ToolCall("fs", "read_file", doc.RootElement);
        }

        Assert.Equal("/etc/passwd", request.Arguments["path"].GetString());
    }

    [Fact]
    public void ToolCall_NoArguments_RendersToolNameOnly()
    {
        Assert.Equal("list_tools", GuardRequest.ToolCall(null, "list_tools", (IReadOnlyDictionary<string, JsonElement>?)null).RenderedText);
        Assert.Equal("list_tools", GuardRequest.ToolCall(null, "list_tools", default(JsonElement)).RenderedText);
    }

    [Fact]
    public void ToolCall_ArrayArguments_ThrowsArgumentException()
    {
        using JsonDocument doc = JsonDocument.Parse("[1,2]");

        ArgumentException ex = Assert.Throws<ArgumentException>(() => GuardRequest.ToolCall(null, "t", doc.RootElement));

        Assert.Contains("JSON object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolCall_EmptyToolName_Throws()
    {
        Assert.Throws<ArgumentException>(() => GuardRequest.ToolCall(null, string.Empty, default(JsonElement)));
        Assert.Throws<ArgumentNullException>(() => GuardRequest.ToolCall(null, null!, default(JsonElement)));
    }

    [Fact]
    public void ToolOutput_Text_RendersUnchangedAndKeepsTool()
    {
        GuardRequest request = GuardRequest.ToolOutput("result text", "fetch");

        Assert.Equal(GuardSurface.ToolOutput, request.Surface);
        Assert.Equal("result text", request.RenderedText);
        Assert.Equal("fetch", request.ToolName);
    }

    [Fact]
    public void ToolDescription_Schema_RendersSortedPropertyDescriptions()
    {
        using JsonDocument doc = JsonDocument.Parse("""
            {"type":"object","properties":{
              "path":{"type":"string","description":"File to write"},
              "content":{"type":"string","title":"Content"},
              "options":{"type":"object","properties":{"mode":{"description":"Unix mode"}}},
              "tags":{"type":"array","items":{"type":"object","properties":{"name":{"description":"Tag name"}}}}}}
            """);

        GuardRequest request = GuardRequest.ToolDescription("write_file", "Writes a file.", doc.RootElement);

        Assert.Equal(
            "write_file\nWrites a file.\ncontent: Content\noptions\noptions.mode: Unix mode\npath: File to write\ntags\ntags[].name: Tag name",
            request.RenderedText);
        Assert.Equal("Writes a file.", request.Text);
    }

    [Fact]
    public void ToolDescription_ReorderedSchemaProperties_RenderEqually()
    {
        using JsonDocument a = JsonDocument.Parse("""{"properties":{"a":{"description":"x"},"b":{"description":"y"}}}""");
        using JsonDocument b = JsonDocument.Parse("""{"properties":{"b":{"description":"y"},"a":{"description":"x"}}}""");

        Assert.Equal(
            GuardRequest.ToolDescription("t", "d", a.RootElement).RenderedText,
            GuardRequest.ToolDescription("t", "d", b.RootElement).RenderedText);
    }

    [Fact]
    public void ToolDescription_NoSchema_RendersNameAndDescription()
    {
        Assert.Equal("t\nd", GuardRequest.ToolDescription("t", "d", null).RenderedText);
    }

    [Fact]
    public void ToString_DoesNotContainRequestText()
    {
        string text = GuardRequest.UserPrompt("secret token 1234").ToString();

        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("UserPrompt", text, StringComparison.Ordinal);
    }

    private static GuardRequest ToolCallFromJson(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return GuardRequest.ToolCall("fs", "write_file", doc.RootElement);
    }
}
