using Mcip.RagPref;
using McpFileServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
builder.Services.AddSingleton(sandbox);

IDisposable guard;
try
{
    guard = await SampleGuard.RegisterAsync(builder.Services, CancellationToken.None);
}
catch (RagPrefException ex)
{
    await Console.Error.WriteLineAsync("The guard could not start: " + ex.Message);
    return 1;
}

using (guard)
{
    builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = "mcp-file-server", Version = "1.0.0" })
        .WithStdioServerTransport()
        .WithTools<FileTools>()
        .WithRagPrefGuard();

    using IHost host = builder.Build();
    await host.RunAsync();
}

return 0;
