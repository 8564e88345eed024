using System.Text.Json;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Tests.Requests;

public sealed class ConversationJsonTests
{
    [Fact]
    public void Parse_WireForm_ReadsEveryRoleInOrder()
    {
        using JsonDocument doc = JsonDocument.Parse("""
            [{"role": "system", "content": "You are a banking agent."},
             {"role": "user", "content": "Pay the bill in bills/may.txt"},
             {"role": "assistant", "content": "", "tool_calls": [{"tool": "read_file", "arguments": {"path": "bills/may.txt"}}]},
             {"role": "tool", "tool": "read_file", "content": {"total": 12.5}}]
            """);

        IReadOnlyList<ConversationTurn> turns = ConversationJson.Parse(doc.RootElement);

        Assert.Equal([ConversationRole.System, ConversationRole.User, ConversationRole.Assistant, ConversationRole.Tool], turns.Select(t => t.Role));
        Assert.Equal("read_file", Assert.Single(turns[2].ToolCalls).Tool);
        Assert.Equal("bills/may.txt", turns[2].ToolCalls[0].Arguments["path"].GetString());
        Assert.Equal("read_file", turns[3].Tool);
        Assert.Equal("""{"total": 12.5}""", turns[3].Content);
    }

    [Fact]
    public void Parse_Null_IsNoTurns()
    {
        using JsonDocument doc = JsonDocument.Parse("null");

        Assert.Empty(ConversationJson.Parse(doc.RootElement));
    }

    [Fact]
    public void Parse_EscapedLoneSurrogates_ReadAsReplacementCharacters()
    {
        using JsonDocument doc = JsonDocument.Parse("""
            [{"role": "user", "content": "pay \ud800 now"},
             {"role": "assistant", "tool_calls": [{"tool": "t\udc00", "arguments": {"k\ud800": "v\udfff"}}]},
             {"role": "tool", "tool": "web", "content": {"x": "\ud800"}}]
            """);

        IReadOnlyList<ConversationTurn> turns = ConversationJson.Parse(doc.RootElement);

        Assert.Equal("pay \ufffd now", turns[0].Content);
        Assert.Equal("t\ufffd", turns[1].ToolCalls[0].Tool);
        Assert.True(turns[1].ToolCalls[0].Arguments.ContainsKey("k\ufffd"));
        Assert.DoesNotContain("\ud800", turns[2].Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"role": "user"}""", "array of turns")]
    [InlineData("""[{"role": "robot", "content": "x"}]""", "Turn 0 of 'context' has role 'robot'")]
    [InlineData("""[{"content": "x"}]""", "has no 'role'")]
    [InlineData("""[{"role": "user", "content": "a"}, 3]""", "Turn 1 of 'context' is a JSON Number")]
    [InlineData("""[{"role": "assistant", "tool_calls": {"tool": "x"}}]""", "'tool_calls' as a JSON Object")]
    [InlineData("""[{"role": "assistant", "tool_calls": [{"arguments": {}}]}]""", "a tool call without 'tool'")]
    [InlineData("""[{"role": "assistant", "tool_calls": [{"tool": "t", "arguments": [1]}]}]""", "whose 'arguments' is a JSON Array")]
    public void Parse_BadWireForm_NamesTheTurnAndTheFix(string json, string expected)
    {
        using JsonDocument doc = JsonDocument.Parse(json);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => ConversationJson.Parse(doc.RootElement));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
