using System.Text.Json;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Hosting;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mcip.RagPref.Tests.Hosting;

public sealed class HostedRagPrefGuardTests : IDisposable
{
    private static readonly JsonElement WriteKey = JsonDocument.Parse("""{"path":"/root/.ssh/authorized_keys","content":"ssh-rsa AAAA attacker"}""").RootElement;

    private readonly RagPrefTestHost _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task GuardAsync_GuardTimesOut_ToolCallFailsClosedAndPromptFailsOpen()
    {
        using IHost host = await _test.StartAsync(o => o.Timeout = TimeSpan.FromMilliseconds(100));
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        _test.Embedder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken ct = TestContext.Current.CancellationToken;

        GuardResult call = await guard.GuardAsync(GuardRequest.ToolCall(null, "write_file", WriteKey), ct);
        GuardResult prompt = await guard.GuardAsync(GuardRequest.UserPrompt("summarise my notes"), ct);

        Assert.Equal(GuardVerdict.Block, call.Verdict);
        Assert.Equal(new GuardFailure("The guard did not answer within 00:00:00.1000000.", "Timeout", FailedClosed: true), call.Failure);
        Assert.Equal(GuardVerdict.Allow, prompt.Verdict);
        Assert.Equal("Timeout", prompt.Failure?.ErrorType);
        Assert.False(prompt.Failure!.FailedClosed);
        _test.Embedder.Gate.SetResult();
    }

    [Fact]
    public async Task GuardAsync_EmbedderThrows_ReturnsFailureResultAndCountsIt()
    {
        using var meters = new TestMeterFactory();
        using var metrics = new MetricCollector(meters);
        using IHost host = await _test.StartAsync(meters: meters);
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        _test.Embedder.Failure = new InvalidOperationException("native error -1");
        CancellationToken ct = TestContext.Current.CancellationToken;

        GuardResult call = await guard.GuardAsync(GuardRequest.ToolCall("files", "write_file", WriteKey), ct);
        GuardResult output = await guard.GuardAsync(GuardRequest.ToolOutput("file contents"), ct);

        Assert.Equal(GuardVerdict.Block, call.Verdict);
        Assert.Equal(new GuardFailure("native error -1", "System.InvalidOperationException", FailedClosed: true), call.Failure);
        Assert.Equal(GuardVerdict.Allow, output.Verdict);
        IReadOnlyList<MetricCollector.Measurement> failures = metrics.Of(HostedRagPrefGuard.FailuresInstrument);
        Assert.Equal(2, failures.Count);
        Assert.All(failures, m => Assert.Equal("Mcip.RagPref", m.Meter));
        Assert.All(failures, m => Assert.Equal("System.InvalidOperationException", m.Tags["error.type"]));
        Assert.Equal(["tool_call", "tool_output"], failures.Select(m => (string)m.Tags["mcip.ragpref.surface"]!));
        Assert.Contains(metrics.Of("mcip.ragpref.guard.verdicts"), m => (string)m.Tags["mcip.ragpref.surface"]! == "user_prompt");
    }

    [Fact]
    public async Task GuardAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using IHost host = await _test.StartAsync(o => o.Timeout = TimeSpan.FromMinutes(5));
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        _test.Embedder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _test.Embedder.ResetEntered();

        Task<GuardResult> call = guard.GuardAsync(GuardRequest.ToolCall(null, "write_file", WriteKey), cts.Token);
        await _test.Embedder.Entered.WaitAsync(TestContext.Current.CancellationToken);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        _test.Embedder.Gate.SetResult();
    }

    [Fact]
    public async Task GuardAsync_TextNeedingTooManyWindows_IsScreenedAsOversize()
    {
        using IHost host = await _test.StartAsync(o => o.Guard.MaxWindows = 2);
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        string longText = string.Concat(Enumerable.Repeat("word ", 1000));

        GuardResult result = await guard.GuardAsync(GuardRequest.ToolOutput(longText), TestContext.Current.CancellationToken);

        Assert.Null(result.Failure);
        Assert.True(result.Oversize);
        Assert.Equal(2, result.ScreenedWindows);
        Assert.Equal(GuardVerdict.Flag, result.Verdict);
    }

    [Fact]
    public async Task ReloadAsync_CallInFlightDuringSwap_CompletesOnTheOldStore()
    {
        using IHost host = await _test.StartAsync(o => o.WatchStore = false);
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        IRagPrefGuardHost guardHost = host.Services.GetRequiredService<IRagPrefGuardHost>();
        CancellationToken ct = TestContext.Current.CancellationToken;
        _test.Embedder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _test.Embedder.ResetEntered();
        Task<GuardResult> inFlight = guard.GuardAsync(GuardRequest.UserPrompt(HostingTestStores.ExtraAttackQuery), ct);
        await _test.Embedder.Entered.WaitAsync(ct);

        await HostingTestStores.SaveAsync(_test.StorePath, grown: true);
        await guardHost.ReloadAsync(ct);
        _test.Embedder.Gate.SetResult();
        _test.Embedder.Gate = null;
        GuardResult old = await inFlight;
        GuardResult fresh = await guard.GuardAsync(GuardRequest.UserPrompt(HostingTestStores.ExtraAttackQuery), ct);

        Assert.Null(old.Failure);
        Assert.DoesNotContain(old.AttackNeighbours, n => n.Id == "n1");
        Assert.Equal("n1", fresh.AttackNeighbours[0].Id);
        Assert.Equal(2, guardHost.Status.Generation);
        Assert.Equal(7, guardHost.Status.AttackExamples);
    }

    [Fact]
    public async Task StoreFileReplaced_WatcherReloads_NewStoreServed()
    {
        using IHost host = await _test.StartAsync();
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        IRagPrefGuardHost guardHost = host.Services.GetRequiredService<IRagPrefGuardHost>();
        CancellationToken ct = TestContext.Current.CancellationToken;

        await HostingTestStores.SaveAsync(_test.StorePath, grown: true);

        Assert.True(await RagPrefTestHost.EventuallyAsync(() => Task.FromResult(guardHost.Status.Generation >= 2)), "the new store was not loaded");
        GuardResult result = await guard.GuardAsync(GuardRequest.UserPrompt(HostingTestStores.ExtraAttackQuery), ct);
        Assert.Equal("n1", result.AttackNeighbours[0].Id);
        Assert.Null(guardHost.Status.LastError);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task StoreFileRewrittenInPlace_ServingContinuesAndNewStoreServed()
    {
        using IHost host = await _test.StartAsync(o => o.ReloadDelay = TimeSpan.FromMilliseconds(100));
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        IRagPrefGuardHost guardHost = host.Services.GetRequiredService<IRagPrefGuardHost>();
        CancellationToken ct = TestContext.Current.CancellationToken;
        string next = Path.Combine(_test.Folder, "next.rpstore");
        await HostingTestStores.SaveAsync(next, grown: true);
        byte[] bytes = await File.ReadAllBytesAsync(next, ct);

        // Rewrite the served file in place, the way cp does: truncate, then write in pieces, screening in between.
        await using (var stream = new FileStream(_test.StorePath, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite))
        {
            for (int offset = 0; offset < bytes.Length; offset += 4096)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(4096, bytes.Length - offset)), ct);
                await stream.FlushAsync(ct);
                GuardResult during = await guard.GuardAsync(GuardRequest.UserPrompt("summarise the meeting notes from yesterday"), ct);
                Assert.Null(during.Failure);
            }
        }

        Assert.True(
            await RagPrefTestHost.EventuallyAsync(async () =>
                (await guard.GuardAsync(GuardRequest.UserPrompt(HostingTestStores.ExtraAttackQuery), ct)).AttackNeighbours[0].Id == "n1"),
            $"the rewritten store was not served: {guardHost.Status}");
        Assert.True(await RagPrefTestHost.EventuallyAsync(() => Task.FromResult(guardHost.Status.LastError is null)), $"still degraded: {guardHost.Status.LastError}");
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task StoreFileTruncatedInPlaceWithoutWatching_ServingContinuesUnchanged()
    {
        // Without watching, the guard used to map the file itself: truncation then killed the process on the next scan.
        using IHost host = await _test.StartAsync(o => o.WatchStore = false);
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        CancellationToken ct = TestContext.Current.CancellationToken;
        GuardResult before = await guard.GuardAsync(GuardRequest.ToolCall(null, "write_file", WriteKey), ct);

        await using (var stream = new FileStream(_test.StorePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.SetLength(64);
        }

        GuardResult after = await guard.GuardAsync(GuardRequest.ToolCall(null, "write_file", WriteKey), ct);
        Assert.Null(after.Failure);
        Assert.Equal(before.Verdict, after.Verdict);
        Assert.Equal(before.AttackNeighbours.Select(n => (n.Id, n.Similarity)), after.AttackNeighbours.Select(n => (n.Id, n.Similarity)));
        await host.StopAsync(ct);
    }
}
