namespace Mcip.RagPref.Embeddings;

/// <summary>Model files in a folder on disk.</summary>
internal sealed class DirectoryModelFiles(string folder) : ModelFiles
{
    /// <summary>The full path of the folder.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <inheritdoc />
    public override string Description => $"folder '{Folder}'";

    /// <inheritdoc />
    public override Uri Location => new(Folder + Path.DirectorySeparatorChar);

    /// <inheritdoc />
    public override string DefaultModelId => Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar));

    /// <inheritdoc />
    public override bool Exists(string relativePath) => File.Exists(Resolve(relativePath));

    /// <inheritdoc />
    public override Stream Open(string relativePath)
    {
        string path = Resolve(relativePath);
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"The model file '{path}' could not be read: {ex.Message} Check that it exists and is readable.", ex);
        }
    }

    /// <inheritdoc />
    public override string? PathOf(string relativePath) => Resolve(relativePath);

    private string Resolve(string relativePath) => Path.Combine(Folder, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
