using Mcip.RagPref.Cli;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Proxy;

/// <summary>
/// <c>ragpref mcp-proxy</c> run in-process for its failures: bad usage, and an upstream that cannot be started, exits,
/// cannot be reached or sends an oversized message. Each ends as one <c>error:</c> line and an exit code, without hanging
/// (the upstream is connected before the guard is loaded, so none of these needs the model).
/// </summary>
public sealed class McpProxyCommandTests
{
    [Fact]
    public async Task McpProxy_NoUpstream_IsAUsageError()
    {
        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "mcp-proxy");

        Assert.Equal(CliExitCodes.Usage, code);
        Assert.Contains("needs an upstream server", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpProxy_CommandAndUrl_IsAUsageError()
    {
        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "mcp-proxy", "--upstream", "http://127.0.0.1:9/mcp", "--", "node", "server.js");

        Assert.Equal(CliExitCodes.Usage, code);
        Assert.Contains("give one upstream", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/mcp")]
    [InlineData("not a url")]
    public async Task McpProxy_UpstreamNotHttp_IsAUsageError(string url)
    {
        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "mcp-proxy", "--upstream", url);

        Assert.Equal(CliExitCodes.Usage, code);
        Assert.Contains("is not an http:// or https:// URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpProxy_CommandNotFound_FailsWithOneLineAndUpstreamExitCode()
    {
        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "mcp-proxy", "--", "/nonexistent/ragpref-no-such-server", "--stdio");

        Assert.Equal(CliExitCodes.UpstreamFailed, code);
        string line = Assert.Single(CliRun.Lines(error));
        Assert.StartsWith("error: the upstream command '/nonexistent/ragpref-no-such-server' could not be started", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpProxy_UpstreamExitsBeforeTheHandshake_FailsNamingItsExitCodeAndLastError()
    {
        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "mcp-proxy", "--", "sh", "-c", "echo 'cannot open the database' >&2; exit 3");

        Assert.Equal(CliExitCodes.UpstreamFailed, code);
        string failure = Assert.Single(CliRun.Lines(error), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("exited with code 3", failure, StringComparison.Ordinal);
        Assert.Contains("cannot open the database", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpProxy_UpstreamUrlUnreachable_FailsWithUpstreamExitCode()
    {
        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "mcp-proxy", "--connect-timeout", "20", "--upstream", "http://127.0.0.1:1/mcp");

        Assert.Equal(CliExitCodes.UpstreamFailed, code);
        string line = Assert.Single(CliRun.Lines(error));
        Assert.StartsWith("error: the upstream server at http://127.0.0.1:1/mcp could not be reached", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpProxy_UpstreamSendsAnOversizedMessage_FailsNamingTheLimit()
    {
        // A "server" that answers with one 4 KiB line: over a 1 KiB limit it is refused before it is parsed.
        (int code, _, string error) = await CliRun.RunAsync(
            string.Empty, "mcp-proxy", "--max-message-bytes", "1024", "--", "sh", "-c", "head -c 4096 /dev/zero | tr '\\0' x; echo; sleep 30");

        Assert.Equal(CliExitCodes.UpstreamFailed, code);
        string failure = Assert.Single(CliRun.Lines(error), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("sent a message larger than 1024 bytes", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--on-description-change", "ignore")]
    [InlineData("--guard-failure", "sometimes")]
    [InlineData("--max-message-bytes", "10")]
    [InlineData("--timeout", "0")]
    public async Task McpProxy_BadOptionValue_IsAUsageError(string option, string value)
    {
        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "mcp-proxy", option, value, "--", "node", "server.js");

        Assert.Equal(CliExitCodes.Usage, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }
}
