using Mcip.RagPref.Guard;
using Mcip.RagPref.Hosting;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Mcip.RagPref.Tests.Hosting;

public sealed class RagPrefHealthCheckTests : IDisposable
{
    private readonly RagPrefTestHost _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task CheckHealth_AfterStart_HealthyWithStoreData()
    {
        using IHost host = await _test.StartAsync();

        HealthReportEntry entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains(RagPrefServiceCollectionExtensions.HealthCheckTag, entry.Tags);
        Assert.Equal(Path.GetFullPath(_test.StorePath), entry.Data["store_path"]);
        Assert.Equal(1L, entry.Data["generation"]);
        Assert.Equal(6, entry.Data["attack_examples"]);
        Assert.Equal(6, entry.Data["benign_examples"]);
        Assert.Contains("+canon1", (string)entry.Data["fingerprint"], StringComparison.Ordinal);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task CheckHealth_BeforeAnyLoad_Unhealthy()
    {
        await HostingTestStores.SaveAsync(_test.StorePath);
        using IHost host = _test.Build();

        HealthReportEntry entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("warm-up has not run", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_StoreDamagedBeyondItsHeader_FailsAndReportsUnhealthy()
    {
        await HostingTestStores.SaveAsync(_test.StorePath);
        byte[] bytes = await File.ReadAllBytesAsync(_test.StorePath, TestContext.Current.CancellationToken);
        bytes[^1] ^= 0x01;
        await File.WriteAllBytesAsync(_test.StorePath, bytes, TestContext.Current.CancellationToken);
        using IHost host = _test.Build();

        var ex = await Assert.ThrowsAsync<RagPrefException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        HealthReportEntry entry = await CheckAsync(host);

        Assert.Contains("could not start", ex.Message, StringComparison.Ordinal);
        Assert.Contains("section 'vectors' checksum mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("checksum mismatch", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadAsync_CorruptThenGoodFile_DegradedKeepingTheOldStoreThenHealthy()
    {
        using IHost host = await _test.StartAsync(o => o.WatchStore = false);
        IRagPrefGuardHost guardHost = host.Services.GetRequiredService<IRagPrefGuardHost>();
        IRagPrefGuard guard = host.Services.GetRequiredService<IRagPrefGuard>();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await ReplaceWithCorruptFileAsync(_test.StorePath);

        await Assert.ThrowsAsync<RagPrefException>(() => guardHost.ReloadAsync(ct));
        HealthReportEntry degraded = await CheckAsync(host);
        GuardResult stillServing = await guard.GuardAsync(GuardRequest.UserPrompt("rename notes.txt to notes-final.txt"), ct);
        await HostingTestStores.SaveAsync(_test.StorePath, grown: true);
        await guardHost.ReloadAsync(ct);
        HealthReportEntry healthy = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("keeps serving", degraded.Description, StringComparison.Ordinal);
        Assert.Contains("truncated header", (string)degraded.Data["last_error"], StringComparison.Ordinal);
        Assert.Null(stillServing.Failure);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(2L, healthy.Data["generation"]);
        Assert.False(healthy.Data.ContainsKey("last_error"));
    }

    [Fact]
    public async Task StoreFileCorrupted_WatcherReloadFails_DegradedUntilAGoodFileArrives()
    {
        using IHost host = await _test.StartAsync();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await ReplaceWithCorruptFileAsync(_test.StorePath);

        Assert.True(await RagPrefTestHost.EventuallyAsync(async () => (await CheckAsync(host)).Status == HealthStatus.Degraded), "the failed reload was not reported");
        await HostingTestStores.SaveAsync(_test.StorePath, grown: true);

        Assert.True(await RagPrefTestHost.EventuallyAsync(async () => (await CheckAsync(host)).Status == HealthStatus.Healthy), "the good file did not clear the error");
        Assert.Equal(7, (await CheckAsync(host)).Data["attack_examples"]);
        await host.StopAsync(ct);
    }

    /// <summary>
    /// Renames a corrupt file over the store. Never rewrite a serving store in place: it is memory-mapped, and
    /// truncating a mapped file makes reads of it fault.
    /// </summary>
    private static async Task ReplaceWithCorruptFileAsync(string path)
    {
        string temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, "corrupt", TestContext.Current.CancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host)
    {
        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Tags.Contains(RagPrefServiceCollectionExtensions.HealthCheckTag), TestContext.Current.CancellationToken);
        return report.Entries[RagPrefServiceCollectionExtensions.HealthCheckName];
    }
}
