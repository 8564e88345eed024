using Mcip.RagPref;
using McpFileServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// An MCP server over stdio with sandboxed filesystem tools, guarded by Mcip.RagPref.
// stdout carries protocol messages only: every log line goes to stderr.
string? root = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--root" && i + 1 < args.Length)
    {
        root = args[++i];
    }
    else
    {
        await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: McpFileServer --root DIR");
        return 2;
    }
}

if (root is null)
{
    await Console.Error.WriteLineAsync("Usage: McpFileServer --root DIR   (the folder the file tools are confined to)");
    return 2;
}

FileSandbox sandbox;
try
{
    sandbox = FileSandbox.Create(root);
}
catch (DirectoryNotFoundException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
builder.Logging.ClearProviders();
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None); // start-up failures are reported once, below
builder.Services.AddSingleton(sandbox);

// The guard: default embedder and seed store, validated at start, warmed up, with health and failure policy.
// Settings come from configuration, e.g. RagPref__StorePath=/path/store.rpstore in the environment.
builder.Services.AddRagPref(builder.Configuration.GetSection("RagPref"));
builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = "mcp-file-server", Version = "1.0.0" })
    .WithStdioServerTransport()
    .WithTools<FileTools>()
    .WithRagPrefGuard();

using IHost host = builder.Build();
try
{
    await host.RunAsync();
}
catch (Exception ex) when (ex is RagPrefException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync("The guard could not start: " + ex.Message);
    return 1;
}

return 0;
