using McpFileServer;

// An MCP server with sandboxed filesystem tools, guarded by Mcip.RagPref: over stdio by default, over Streamable HTTP
// at /mcp when --urls is given. Every log line goes to stderr (over stdio, stdout carries protocol messages only).
const string Usage = "Usage: McpFileServer --root DIR [--urls URLS]   (the folder the file tools are confined to; with --urls, "
    + "for example http://127.0.0.1:5090, the tools are served over Streamable HTTP at /mcp instead of stdio)";
string? root = null;
string? urls = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--root" && i + 1 < args.Length)
    {
        root = args[++i];
    }
    else if (args[i] == "--urls" && i + 1 < args.Length)
    {
        urls = args[++i];
    }
    else
    {
        await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. {Usage}");
        return 2;
    }
}

if (root is null)
{
    await Console.Error.WriteLineAsync(Usage);
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

return urls is null
    ? await FileServerHost.RunStdioAsync(sandbox)
    : await FileServerHost.RunHttpAsync(sandbox, urls);
