using System.Collections.Concurrent;

namespace Mcip.RagPref.Tests.Mcp.Http;

/// <summary>
/// What the HTTP test tools act on and record: a temporary folder standing in for the user's home (<c>~/</c>), the
/// uploads the upload tool made, every tool run, and the signals of the long-running tool.
/// </summary>
internal sealed class HttpHome : IDisposable
{
    public HttpHome()
    {
        Root = Directory.CreateTempSubdirectory("ragpref-mcphttp-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".aws"));
        File.WriteAllText(Path.Combine(Root, ".aws", "credentials"), "[default]\naws_access_key_id = AKIA4EXAMPLE7QHZ2N5V\n");
        File.WriteAllText(Path.Combine(Root, ".bashrc"), "export PATH=$HOME/bin:$PATH\n");
        Directory.CreateDirectory(Path.Combine(Root, "notes"));
        File.WriteAllText(Path.Combine(Root, "notes", "todo.md"), "- buy milk\n");
    }

    /// <summary>Gets the folder that <c>~/</c> maps to.</summary>
    public string Root { get; }

    /// <summary>Gets the tool runs, as "tool:argument".</summary>
    public ConcurrentQueue<string> Executed { get; } = new();

    /// <summary>Gets what the upload tool sent, as "url &lt;- contents".</summary>
    public ConcurrentQueue<string> Uploads { get; } = new();

    /// <summary>Gets a signal set when the long-running tool has started.</summary>
    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a signal set when the long-running tool saw its cancellation token fire.</summary>
    public TaskCompletionSource SlowCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Maps a tool path (<c>~/x</c>, or relative to the home) into the temporary folder.</summary>
    public string Map(string path) =>
        Path.Combine(Root, path.StartsWith("~/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('/'));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
