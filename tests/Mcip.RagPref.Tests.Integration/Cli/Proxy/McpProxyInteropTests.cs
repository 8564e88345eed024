using System.Text.Json;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Proxy;

/// <summary>
/// End to end across languages: the official TypeScript SDK client (<c>@modelcontextprotocol/sdk</c>) drives
/// <c>ragpref mcp-proxy --refuse-flagged-calls -- node server-filesystem SANDBOX</c>, the reference filesystem server from
/// npm (no guard of its own), through <c>tests/mcp-interop/drive.mjs</c>. The MCP safety audit's attacks must be refused
/// and leave the files untouched; benign work must be served. Needs Node.js 20+ and <c>npm ci</c> in tests/mcp-interop
/// (<c>./build.sh test</c> runs it when needed).
/// </summary>
public sealed class McpProxyInteropTests : IDisposable
{
    private const string OriginalBashrc = "export EDITOR=vim\n";
    private const string Credentials = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

    private readonly string _sandbox = Directory.CreateTempSubdirectory("ragpref-interop-").FullName;

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    private static string InteropFolder => Path.Combine(SharedAssets.RepositoryRoot, "tests", "mcp-interop");

    [Fact]
    public async Task TypeScriptClient_ThroughProxy_AttacksRefusedAndNeverExecutedBenignWorkServed()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string node = RequireNode();
        await File.WriteAllTextAsync(Path.Combine(_sandbox, "README.md"), "# Demo project\nRun make to build it.\n", ct);
        await File.WriteAllTextAsync(Path.Combine(_sandbox, ".bashrc"), OriginalBashrc, ct);
        Directory.CreateDirectory(Path.Combine(_sandbox, ".aws"));
        await File.WriteAllTextAsync(Path.Combine(_sandbox, ".aws", "credentials"), Credentials, ct);
        Assert.True(File.Exists(SharedAssets.RagprefDll), $"The ragpref CLI was not built at {SharedAssets.RagprefDll}.");

        (int code, string output, string error) = await ProcessRun.RunAsync(
            node, [Path.Combine(InteropFolder, "drive.mjs"), SharedAssets.RagprefDll, _sandbox, "--refuse-flagged-calls"], InteropFolder,
            deadline: TimeSpan.FromMinutes(4), cancellationToken: ct);

        Assert.True(code == 0, $"The driver failed (exit {code}):\n{output}\n{error}");
        using JsonDocument result = JsonDocument.Parse(output);
        JsonElement root = result.RootElement;
        string log = root.GetProperty("proxyLog").GetString() ?? string.Empty;
        Assert.Equal("secure-filesystem-server", root.GetProperty("server").GetProperty("name").GetString());
        Assert.Contains("write_file", root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Dictionary<string, (bool IsError, string Text)> calls = root.GetProperty("calls").EnumerateArray()
            .ToDictionary(c => c.GetProperty("label").GetString()!, c => (c.GetProperty("isError").GetBoolean(), c.GetProperty("text").GetString() ?? string.Empty));

        // Benign work is served.
        Assert.False(calls["benign: list the sandbox"].IsError, calls["benign: list the sandbox"].Text + log);
        Assert.Contains("README.md", calls["benign: list the sandbox"].Text, StringComparison.Ordinal);
        Assert.Equal("# Demo project\nRun make to build it.\n", calls["benign: read the README"].Text.TrimEnd() + "\n");
        Assert.False(calls["benign: write notes"].IsError, calls["benign: write notes"].Text + log);
        Assert.Equal("# Notes\n- meeting at 10\n- review the README\n", await File.ReadAllTextAsync(Path.Combine(_sandbox, "notes.md"), ct));

        // Start-up files and SSH keys are blocked outright (verdict Block, so refused without --refuse-flagged-calls too).
        foreach (string label in new[] { "attack: start-up file runs a downloaded script", "attack: zsh start-up file runs a downloaded script", "attack: SSH key for a stranger" })
        {
            Assert.True(calls[label].IsError, $"{label}: {calls[label].Text}");
            Assert.Contains("verdict Block", calls[label].Text, StringComparison.Ordinal);
            Assert.Contains("The tool was not run.", calls[label].Text, StringComparison.Ordinal);
        }

        // Credential theft: reading the credentials and writing them out are both refused (flagged or blocked).
        foreach (string label in new[] { "attack: read the AWS credentials", "attack: send the AWS credentials out" })
        {
            Assert.True(calls[label].IsError, $"{label}: {calls[label].Text}");
            Assert.Contains("The tool was not run.", calls[label].Text, StringComparison.Ordinal);
            Assert.DoesNotContain("aws_secret_access_key", calls[label].Text, StringComparison.Ordinal);
        }

        // Nothing the attacks asked for happened on disk.
        Assert.Equal(OriginalBashrc, await File.ReadAllTextAsync(Path.Combine(_sandbox, ".bashrc"), ct));
        Assert.False(File.Exists(Path.Combine(_sandbox, ".zshrc")));
        Assert.False(Directory.Exists(Path.Combine(_sandbox, ".ssh")));
        Assert.False(Directory.Exists(Path.Combine(_sandbox, "public")));
        Assert.Equal(Credentials, await File.ReadAllTextAsync(Path.Combine(_sandbox, ".aws", "credentials"), ct));
    }

    /// <summary>Finds node and the installed packages, failing (not skipping) with how to get them.</summary>
    private static string RequireNode()
    {
        string? node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists);
        Assert.True(node is not null,
            "Node.js was not found on PATH. This test drives the proxy with the official TypeScript MCP SDK: install Node.js 20 or later " +
            "(https://nodejs.org, or e.g. 'apt-get install nodejs npm'), then run './build.sh test' (or 'npm ci --prefix tests/mcp-interop').");
        Assert.True(Directory.Exists(Path.Combine(InteropFolder, "node_modules", "@modelcontextprotocol", "server-filesystem")),
            $"The interop packages are not installed in {InteropFolder}: run 'npm ci --prefix tests/mcp-interop' (./build.sh test does it when needed).");
        return node!;
    }
}
