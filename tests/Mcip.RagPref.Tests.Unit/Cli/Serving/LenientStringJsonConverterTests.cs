using System.Text;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Tests.Cli.Serving;

public sealed class LenientStringJsonConverterTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041")]
    [InlineData("lone \\ud800 high, lone \\udc00 low, pair \\ud83d\\ude00")]
    [InlineData("trailing \\")]
    [InlineData("short \\u12")]
    public void Unescape_DecodesAsTheCoreLibrary(string escaped)
    {
        // The CLI keeps its own copy of the core's decoder (it is built on the public API only); they must agree.
        byte[] utf8 = Encoding.UTF8.GetBytes(escaped);

        Assert.Equal(JsonStrings.Unescape(utf8), LenientStringJsonConverter.Unescape(utf8));
    }
}
