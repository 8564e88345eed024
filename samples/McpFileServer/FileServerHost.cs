using Mcip.RagPref;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpFileServer;

/// <summary>The two ways to serve the guarded file tools: stdio (one client, the process that started us) or Streamable HTTP.</summary>
internal static class FileServerHost
{
    /// <summary>Serves over stdin/stdout until stdin closes.</summary>
    public static async Task<int> RunStdioAsync(FileSandbox sandbox)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        AddGuardedFileTools(builder, sandbox).WithStdioServerTransport();
        using IHost host = builder.Build();
        return await RunAsync(host);
    }

    /// <summary>Serves over Streamable HTTP at <c>/mcp</c> on <paramref name="urls"/> (semicolon-separated) until stopped.</summary>
    /// <remarks>
    /// Stateless (the SDK's default as of the 2026-07-28 protocol revision): any replica may answer any request. The tool
    /// pins live in this process; give replicas one <c>RagPrefMcpOptions.PinFilePath</c> to share them.
    /// </remarks>
    public static async Task<int> RunHttpAsync(FileSandbox sandbox, string urls)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(urls);
        AddGuardedFileTools(builder, sandbox).WithHttpTransport(options => options.Stateless = true);
        await using WebApplication app = builder.Build();
        app.MapMcp("/mcp");
        return await RunAsync(app);
    }

    /// <summary>The guard, the file tools and the guard's filters; logs to stderr.</summary>
    private static IMcpServerBuilder AddGuardedFileTools(IHostApplicationBuilder builder, FileSandbox sandbox)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None); // start-up failures are reported once, below
        builder.Services.AddSingleton(sandbox);

        // The guard: default embedder and seed store, validated at start, warmed up, with health and failure policy.
        // Settings come from configuration, e.g. RagPref__StorePath=/path/store.rpstore in the environment.
        builder.Services.AddRagPref(builder.Configuration.GetSection("RagPref"));
        return builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = "mcp-file-server", Version = "1.0.0" })
            .WithTools<FileTools>()
            .WithRagPrefGuard();
    }

    private static async Task<int> RunAsync(IHost host)
    {
        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is RagPrefException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync("The guard could not start: " + ex.Message);
            return 1;
        }
    }
}
