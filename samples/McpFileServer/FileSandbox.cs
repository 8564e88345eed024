using ModelContextProtocol;

namespace McpFileServer;

/// <summary>
/// Confines paths to one root folder: a path is resolved against the root, every symbolic link along it is followed,
/// and the result must still lie inside the (link-resolved) root. Escapes by <c>..</c>, absolute paths or links are refused.
/// </summary>
/// <remarks>
/// Checks happen before each file operation; a link swapped in between the check and the operation by another process
/// on the same machine is not prevented (run the server on a folder only the agent writes to).
/// </remarks>
internal sealed class FileSandbox
{
    private readonly string _rootWithSeparator;

    private FileSandbox(string root)
    {
        Root = root;
        _rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
    }

    /// <summary>Gets the root folder, with links resolved.</summary>
    public string Root { get; }

    /// <summary>Creates a sandbox over an existing folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static FileSandbox Create(string root)
    {
        string full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The root folder '{full}' does not exist; create it or pass another --root.");
        }

        return new FileSandbox(ResolveLinks(full));
    }

    /// <summary>Resolves a path given by the client (relative to the root, or absolute inside it) to a real path inside the root.</summary>
    /// <exception cref="McpException">The path is empty, malformed or leads outside the root.</exception>
    public string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new McpException("The path is empty or contains a NUL character; give a path relative to the root folder, for example 'notes/todo.md'.");
        }

        string resolved = ResolveLinks(Path.GetFullPath(Path.Combine(Root, path)));
        if (!string.Equals(resolved, Root, StringComparison.Ordinal) && !resolved.StartsWith(_rootWithSeparator, StringComparison.Ordinal))
        {
            throw new McpException($"The path '{path}' leads outside the root folder (through '..', an absolute path or a symbolic link); only paths inside the root are allowed.");
        }

        return resolved;
    }

    /// <summary>The path of <paramref name="fullPath"/> relative to the root, with '/' separators.</summary>
    public string Relative(string fullPath)
    {
        string relative = Path.GetRelativePath(Root, fullPath);
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Follows every symbolic link along an absolute, normalised path; components that do not exist yet are kept as they are.</summary>
    private static string ResolveLinks(string fullPath)
    {
        string current = Path.GetPathRoot(fullPath)!;
        string[] parts = fullPath[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            string next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : Path.GetFullPath(target.FullName);
                next = ResolveLinks(next);
            }

            current = next;
        }

        return current;
    }
}
