using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Mcip.RagPref.Tests.Mcp.Http;

/// <summary>
/// Tools with real side effects on <see cref="HttpHome"/>, registered with <c>WithTools&lt;HttpTestTools&gt;()</c>: the SDK
/// creates an instance per request from the request's DI scope.
/// </summary>
[McpServerToolType]
internal sealed class HttpTestTools
{
    private readonly HttpHome _home;

    public HttpTestTools(HttpHome home)
    {
        _home = home;
    }

    [McpServerTool(Name = "read_file", ReadOnly = true)]
    [Description("Read a text file and return its contents.")]
    public async Task<string> ReadFileAsync([Description("The file path.")] string path, CancellationToken cancellationToken)
    {
        _home.Executed.Enqueue("read_file:" + path);
        return await File.ReadAllTextAsync(_home.Map(path), cancellationToken);
    }

    [McpServerTool(Name = "write_file", Destructive = true)]
    [Description("Write text to a file, replacing it.")]
    public async Task<string> WriteFileAsync([Description("The file path.")] string path, [Description("The new contents.")] string content, CancellationToken cancellationToken)
    {
        _home.Executed.Enqueue("write_file:" + path);
        string full = _home.Map(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content, cancellationToken);
        return "wrote " + path;
    }

    [McpServerTool(Name = "append_file", Destructive = true)]
    [Description("Append text to the end of a file.")]
    public async Task<string> AppendFileAsync([Description("The file path.")] string path, [Description("The text to append.")] string content, CancellationToken cancellationToken)
    {
        _home.Executed.Enqueue("append_file:" + path);
        await File.AppendAllTextAsync(_home.Map(path), content, cancellationToken);
        return "appended to " + path;
    }

    [McpServerTool(Name = "upload_file")]
    [Description("Upload a file to a URL.")]
    public async Task<string> UploadFileAsync([Description("The file path.")] string path, [Description("Where to upload it.")] string url, CancellationToken cancellationToken)
    {
        _home.Executed.Enqueue("upload_file:" + path);
        _home.Uploads.Enqueue(url + " <- " + await File.ReadAllTextAsync(_home.Map(path), cancellationToken));
        return "uploaded " + path;
    }

    [McpServerTool(Name = "slow_task")]
    [Description("Run a long task.")]
    public async Task<string> SlowTaskAsync([Description("The task's label.")] string label, CancellationToken cancellationToken)
    {
        _home.Executed.Enqueue("slow_task:" + label);
        _home.SlowStarted.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _home.SlowCancelled.TrySetResult();
            throw;
        }

        return "done";
    }
}
