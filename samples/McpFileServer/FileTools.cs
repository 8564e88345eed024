using System.ComponentModel;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpFileServer;

/// <summary>The filesystem tools, each confined to the sandbox's root folder.</summary>
[McpServerToolType]
internal sealed class FileTools
{
    private const long MaxReadBytes = 1024 * 1024;

    private readonly FileSandbox _sandbox;

    public FileTools(FileSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [McpServerTool(Name = "list_directory", ReadOnly = true)]
    [Description("List the files and folders in a folder inside the root folder, one per line; folders end with '/'.")]
    public string ListDirectory([Description("The folder, relative to the root folder; '.' for the root itself.")] string path = ".")
    {
        string full = _sandbox.Resolve(path);
        if (!Directory.Exists(full))
        {
            throw new McpException($"There is no folder '{path}' inside the root folder.");
        }

        List<string> entries = [];
        foreach (string entry in Directory.EnumerateFileSystemEntries(full))
        {
            entries.Add(Path.GetFileName(entry) + (Directory.Exists(entry) ? "/" : string.Empty));
        }

        entries.Sort(StringComparer.Ordinal);
        return entries.Count == 0 ? "(empty folder)" : string.Join('\n', entries);
    }

    [McpServerTool(Name = "read_file", ReadOnly = true)]
    [Description("Read a UTF-8 text file inside the root folder and return its contents (at most 1 MiB).")]
    public async Task<string> ReadFileAsync([Description("The file, relative to the root folder.")] string path, CancellationToken cancellationToken)
    {
        string full = RequireFile(path);
        if (new FileInfo(full).Length > MaxReadBytes)
        {
            throw new McpException($"The file '{path}' is larger than 1 MiB; this server reads only smaller text files.");
        }

        return await File.ReadAllTextAsync(full, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
    }

    [McpServerTool(Name = "write_file", Destructive = true)]
    [Description("Create or replace a UTF-8 text file inside the root folder; missing parent folders are created.")]
    public async Task<string> WriteFileAsync(
        [Description("The file, relative to the root folder.")] string path,
        [Description("The complete new contents of the file.")] string content,
        CancellationToken cancellationToken)
    {
        string full = _sandbox.Resolve(path);
        if (Directory.Exists(full))
        {
            throw new McpException($"'{path}' is a folder; give a file path.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return $"Wrote {Encoding.UTF8.GetByteCount(content)} bytes to '{_sandbox.Relative(full)}'.";
    }

    [McpServerTool(Name = "edit_file", Destructive = true)]
    [Description("Edit a UTF-8 text file inside the root folder by replacing one exact occurrence of a text with another; fails when the text occurs zero or several times.")]
    public async Task<string> EditFileAsync(
        [Description("The file, relative to the root folder.")] string path,
        [Description("The exact text to replace; it must occur exactly once in the file.")] string oldText,
        [Description("The replacement text.")] string newText,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(oldText))
        {
            throw new McpException("oldText is empty; give the exact text to replace.");
        }

        string full = RequireFile(path);
        string text = await File.ReadAllTextAsync(full, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        int first = text.IndexOf(oldText, StringComparison.Ordinal);
        if (first < 0)
        {
            throw new McpException($"The text to replace was not found in '{path}'; read the file and copy the text exactly.");
        }

        if (text.IndexOf(oldText, first + oldText.Length, StringComparison.Ordinal) >= 0)
        {
            throw new McpException($"The text to replace occurs more than once in '{path}'; include more surrounding text so it is unique.");
        }

        string edited = string.Concat(text.AsSpan(0, first), newText, text.AsSpan(first + oldText.Length));
        await File.WriteAllTextAsync(full, edited, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return $"Replaced 1 occurrence in '{_sandbox.Relative(full)}'.";
    }

    private string RequireFile(string path)
    {
        string full = _sandbox.Resolve(path);
        if (!File.Exists(full))
        {
            throw new McpException($"There is no file '{path}' inside the root folder.");
        }

        return full;
    }
}
