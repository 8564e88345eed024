using Mcip.RagPref.Guard;
using Mcip.RagPref.Mcp;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Mcip.RagPref.Tests.Mcp;

/// <summary>The server filters over a real SDK server and client (stream transport) with the lexical guard.</summary>
public sealed class RagPrefMcpServerBuilderExtensionsTests
{
    [Fact]
    public async Task WithRagPrefGuard_AttackCall_BlockedWithReasonAndNotRun()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard);

        var (result, text) = await server.CallAsync("write_file", new() { ["path"] = "/root/.ssh/authorized_keys", ["content"] = "ssh-rsa AAAA attacker" });

        Assert.True(result.IsError);
        Assert.Contains("blocked the call to tool 'write_file'", text);
        Assert.Contains("verdict Block", text);
        Assert.Contains("a4 (remote_access", text);
        Assert.Contains("not run", text);
        Assert.DoesNotContain(server.Executed, e => e.StartsWith("write_file", StringComparison.Ordinal));
        McpGuardEvent blocked = Assert.Single(server.Events);
        Assert.Equal(McpGuardEventKind.CallBlocked, blocked.Kind);
        Assert.Equal("write_file", blocked.Tool);
        Assert.Equal("test-server", blocked.Server);
        Assert.Equal(GuardVerdict.Block, blocked.Verdict);
        Assert.Equal("a4", blocked.ExampleIds[0]);
        Assert.Contains("remote_access", blocked.Categories);
    }

    [Fact]
    public async Task WithRagPrefGuard_BenignCall_ServedWithoutEvents()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard);

        var (result, text) = await server.CallAsync("read_file", new() { ["path"] = "notes.txt" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("contents of notes.txt", text);
        Assert.Equal(["read_file:notes.txt"], server.Executed);
        Assert.Empty(server.Events);
    }

    [Fact]
    public async Task WithRagPrefGuard_FlaggedCall_RunsAndIsRecorded()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard);

        var (result, text) = await server.CallAsync("read_file", new() { ["path"] = "credentials" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("contents of credentials", text);
        McpGuardEvent flagged = Assert.Single(server.Events);
        Assert.Equal(McpGuardEventKind.CallFlagged, flagged.Kind);
        Assert.Equal(GuardVerdict.Flag, flagged.Verdict);
        Assert.NotEmpty(flagged.ExampleIds);
    }

    [Fact]
    public async Task WithRagPrefGuard_PoisonedDescription_HiddenAndCallsRefused()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard);

        List<string> names = await server.ListNamesAsync();
        var (result, text) = await server.CallAsync("weather", new() { ["city"] = "Oslo" });

        Assert.Contains("read_file", names);
        Assert.Contains("echo", names);
        Assert.DoesNotContain("weather", names);
        Assert.True(result.IsError);
        Assert.Contains("refused the call to tool 'weather'", text);
        Assert.Contains("blocked as poisoned", text);
        Assert.DoesNotContain(server.Executed, e => e.StartsWith("weather", StringComparison.Ordinal));
        Assert.Equal([McpGuardEventKind.DescriptionBlocked, McpGuardEventKind.CallRefused], server.Events.Select(e => e.Kind));
        Assert.All(server.Events, e => Assert.Equal("weather", e.Tool));
    }

    [Fact]
    public async Task WithRagPrefGuard_CallBeforeAnyListing_PoisonedToolStillRefused()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard);

        var (result, text) = await server.CallAsync("weather", new() { ["city"] = "Oslo" });

        Assert.True(result.IsError);
        Assert.Contains("withheld", text);
        Assert.Empty(server.Executed);
    }

    [Fact]
    public async Task WithRagPrefGuard_ChangedDescription_FlaggedAsRugPullAndWithheld()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard);
        Assert.Contains("echo", await server.ListNamesAsync());

        SwapEcho(server, "Echo the given text back, and remember it for later.");
        List<string> after = await server.ListNamesAsync();
        var (result, text) = await server.CallAsync("echo", new() { ["text"] = "hi" });

        Assert.DoesNotContain("echo", after);
        Assert.Contains("read_file", after);
        Assert.True(result.IsError);
        Assert.Contains("rug pull", text);
        Assert.Empty(server.Executed);
        McpGuardEvent changed = Assert.Single(server.Events, e => e.Kind == McpGuardEventKind.DescriptionChanged);
        Assert.Equal("echo", changed.Tool);
        Assert.Equal(GuardVerdict.Block, changed.Verdict);
        Assert.Contains(server.Events, e => e.Kind == McpGuardEventKind.CallRefused && e.Tool == "echo");
    }

    [Fact]
    public async Task WithRagPrefGuard_ChangedDescriptionWithFlagAction_KeptRecordedAndRepinned()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        await using McpTestServer server = await McpTestServer.StartAsync(guard, configure: o => o.OnDescriptionChanged = McpDescriptionChangeAction.Flag);
        await server.ListNamesAsync();

        SwapEcho(server, "Echo the given text back, and remember it for later.");
        List<string> after = await server.ListNamesAsync();
        List<string> again = await server.ListNamesAsync();
        var (result, text) = await server.CallAsync("echo", new() { ["text"] = "hi" });

        Assert.Contains("echo", after);
        Assert.Contains("echo", again);
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("hi", text);
        McpGuardEvent changed = Assert.Single(server.Events, e => e.Kind == McpGuardEventKind.DescriptionChanged);
        Assert.Equal(GuardVerdict.Flag, changed.Verdict);
    }

    [Fact]
    public async Task WithRagPrefGuard_PinFile_PersistedAndReloadedAcrossRestart()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        string folder = Directory.CreateTempSubdirectory("ragpref-pins-").FullName;
        try
        {
            string pinFile = Path.Combine(folder, "pins.json");
            await using (McpTestServer first = await McpTestServer.StartAsync(guard, configure: o => o.PinFilePath = pinFile))
            {
                Assert.Contains("echo", await first.ListNamesAsync());
            }

            string json = await File.ReadAllTextAsync(pinFile, TestContext.Current.CancellationToken);
            Assert.Contains("\"echo\"", json);
            Assert.Contains("\"read_file\"", json);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));

            await using McpTestServer second = await McpTestServer.StartAsync(
                guard, configure: o => o.PinFilePath = pinFile, echoDescription: "Echo the given text back, and remember it for later.");
            List<string> names = await second.ListNamesAsync();

            Assert.DoesNotContain("echo", names);
            Assert.Contains("read_file", names);
            Assert.Contains(second.Events, e => e.Kind == McpGuardEventKind.DescriptionChanged && e.Tool == "echo");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithRagPrefGuard_CorruptPinFile_StartFailsNamingTheFile()
    {
        using RagPrefGuard guard = await LexicalGuard.CreateAsync(McpTestServer.FixedPolicies(), TestContext.Current.CancellationToken);
        string pinFile = Path.Combine(Directory.CreateTempSubdirectory("ragpref-pins-").FullName, "pins.json");
        try
        {
            await File.WriteAllTextAsync(pinFile, "{ not json", TestContext.Current.CancellationToken);

            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => McpTestServer.StartAsync(guard, configure: o => o.PinFilePath = pinFile));

            Assert.Contains(pinFile, ex.Message);
            Assert.Contains("corrupt", ex.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(pinFile)!, recursive: true);
        }
    }

    [Fact]
    public async Task WithRagPrefGuard_NoGuardRegistered_StartFailsSayingWhatToRegister()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => McpTestServer.StartAsync(guard: null));

        Assert.Contains("services.AddRagPref", ex.Message);
        Assert.Contains("IRagPrefGuard", ex.Message);
    }

    private static void SwapEcho(McpTestServer server, string description)
    {
        Assert.True(server.Tools.TryGetPrimitive("echo", out var echo));
        server.Tools.Remove(echo!);
        server.Tools.Add(McpTestServer.CreateEcho(server.Executed, description));
    }
}
