using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mcip.RagPref.Tests.Hosting;

public sealed class RagPrefOptionsValidatorTests : IDisposable
{
    private readonly RagPrefTestHost _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task StartAsync_SeveralBadOptions_FailsWithOneMessageListingEach()
    {
        using IHost host = _test.Build(options =>
        {
            options.StorePath = Path.Combine(_test.Folder, "missing.rpstore");
            options.Timeout = TimeSpan.FromSeconds(-1);
            options.Guard.NeighboursPerLabel = 0;
            options.Guard.Policies[GuardSurface.ToolCall] = new SurfacePolicy(0.9f, 0.5f);
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Single(ex.Failures);
        string message = ex.Message;
        Assert.Contains("Invalid RagPref options (4 problems)", message, StringComparison.Ordinal);
        Assert.Contains("StorePath '", message, StringComparison.Ordinal);
        Assert.Contains("missing.rpstore' does not exist", message, StringComparison.Ordinal);
        Assert.Contains("Timeout is -00:00:01", message, StringComparison.Ordinal);
        Assert.Contains("Guard.NeighboursPerLabel is 0", message, StringComparison.Ordinal);
        Assert.Contains("Guard.Policies[ToolCall]", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_StoreBuiltWithAnotherEmbedder_ReportsBothFingerprints()
    {
        using var other = new HashingEmbeddingGenerator(dimensions: 20);
        using (ExampleStore store = await ExampleStore.BuildAsync([.. LexicalGuard.Attacks, .. LexicalGuard.Benign], other, cancellationToken: TestContext.Current.CancellationToken))
        {
            store.Save(_test.StorePath);
        }

        using IHost host = _test.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("was built with the embedder '" + other.Fingerprint, ex.Message, StringComparison.Ordinal);
        Assert.Contains("hashed", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("rebuild the store", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NotAStoreFile_ReportsIt()
    {
        await File.WriteAllTextAsync(_test.StorePath, new string('x', 400), TestContext.Current.CancellationToken);
        using IHost host = _test.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("cannot be used", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad magic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DefaultEmbedderWithEmptyModelFolder_ReportsTheEmbedder()
    {
        string models = Path.Combine(_test.Folder, "no-model");
        Directory.CreateDirectory(models);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRagPref(o =>
        {
            o.Embedder.ModelDirectory = models;
        });
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Embedder: the embedder could not be created", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidOptions_Starts()
    {
        using IHost host = await _test.StartAsync();

        Assert.True(host.Services.GetRequiredService<Mcip.RagPref.Hosting.IRagPrefGuardHost>().Status.IsLoaded);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
