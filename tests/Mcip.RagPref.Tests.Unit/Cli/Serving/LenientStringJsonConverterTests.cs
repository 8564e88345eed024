using System.Text;
using System.Text.Json;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Tests.Cli.Serving;

public sealed class LenientStringJsonConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new LenientStringJsonConverter() } };

    [Theory]
    [InlineData("plain")]
    [InlineData("a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041")]
    [InlineData("lone \\ud800 high, lone \\udc00 low, pair \\ud83d\\ude00")]
    public void Read_EscapedString_DecodesAsTheCoreLibrary(string escaped)
    {
        string read = JsonSerializer.Deserialize<string>($"\"{escaped}\"", Options)!;

        Assert.Equal(JsonStrings.Unescape(Encoding.UTF8.GetBytes(escaped)), read);
    }

    [Fact]
    public void Read_LoneSurrogate_BecomesReplacementCharacterInsteadOfThrowing()
    {
        Assert.Equal("a\uFFFDb", JsonSerializer.Deserialize<string>("\"a\\ud800b\"", Options));
    }

    [Fact]
    public void Write_LoneSurrogate_WrittenAsReplacementCharacter()
    {
        Assert.Equal("\"x\\uFFFDy\"", JsonSerializer.Serialize("x\ud800y", Options));
    }
}
