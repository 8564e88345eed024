using System.Diagnostics.Metrics;
using Mcip.RagPref.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mcip.RagPref.Tests.Hosting;

/// <summary>Builds generic hosts with <c>AddRagPref</c> over a store file and a <see cref="ControllableEmbeddingGenerator"/>, and a temporary folder for store files.</summary>
internal sealed class RagPrefTestHost : IDisposable
{
    public RagPrefTestHost() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"ragpref-hosting-{Guid.NewGuid():N}");

    public string StorePath => Path.Combine(Folder, "guard.rpstore");

    public ControllableEmbeddingGenerator Embedder { get; } = new();

    /// <summary>Builds (does not start) a host whose guard reads <see cref="StorePath"/> with <see cref="Embedder"/>.</summary>
    public IHost Build(Action<RagPrefOptions>? configure = null, IMeterFactory? meters = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRagPref(options =>
        {
            options.StorePath = StorePath;
            options.ReloadDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(options);
        }).UseEmbedder(_ => Embedder);
        if (meters is not null)
        {
            builder.Services.AddSingleton(meters);
        }

        return builder.Build();
    }

    /// <summary>Saves the lexical store to <see cref="StorePath"/>, builds a host over it and starts it.</summary>
    public async Task<IHost> StartAsync(Action<RagPrefOptions>? configure = null, IMeterFactory? meters = null)
    {
        if (!File.Exists(StorePath))
        {
            await HostingTestStores.SaveAsync(StorePath);
        }

        IHost host = Build(configure, meters);
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public void Dispose()
    {
        Embedder.Gate?.TrySetResult();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A store may still be mapped by a call finishing late; the temp folder is cleaned up by the OS.
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or a generous deadline passes (file-watch tests).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return await condition();
    }
}
