using Mcip.RagPref.Cli;
using Mcip.RagPref.Cli.Commands;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Commands;

public sealed class ServeApiKeyTests
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Resolve_FileAndEnvironment_TheFileWinsTrimmed()
    {
        string file = Path.Combine(Path.GetTempPath(), $"key-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, Key + "\n");
        try
        {
            Assert.Equal(Key, ServeApiKey.Resolve(file, "environment-key-that-is-long-enough"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Resolve_EnvironmentOnly_UsesIt() => Assert.Equal(Key, ServeApiKey.Resolve(null, Key));

    [Fact]
    public void Resolve_Neither_NoAuthentication() => Assert.Null(ServeApiKey.Resolve(null, null));

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789abcdef 0123456789abcdef")]
    public void Resolve_WeakOrMalformedKey_ThrowsUsageError(string key)
    {
        var ex = Assert.Throws<CliUsageException>(() => ServeApiKey.Resolve(null, key));
        Assert.Contains(ServeApiKey.EnvironmentVariable, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MissingApiKeyFile_OneLineAndExit2()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-key-{Guid.NewGuid():N}.txt");

        (int code, string output, string error) = await CliRun.RunAsync(string.Empty, "serve", "--urls", "http://127.0.0.1:0", "--api-key-file", missing);

        Assert.Equal(2, code);
        Assert.Contains("--api-key-file", Assert.Single(CliRun.Lines(error)), StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", output, StringComparison.Ordinal);
    }
}
