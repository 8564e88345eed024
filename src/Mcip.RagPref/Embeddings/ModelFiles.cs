namespace Mcip.RagPref.Embeddings;

/// <summary>
/// The files of one encoder, laid out as in its model repository (<c>model.onnx</c>, <c>vocab.txt</c>,
/// <c>tokenizer_config.json</c>, <c>1_Pooling/config.json</c>, ...), wherever they live: a folder on disk or the
/// resources of an assembly.
/// </summary>
internal abstract class ModelFiles
{
    /// <summary>Names the files in messages, for example <c>folder '/models/x'</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Where the files are, for <c>EmbeddingGeneratorMetadata.ProviderUri</c>.</summary>
    public abstract Uri Location { get; }

    /// <summary>The model id used when the options name none.</summary>
    public abstract string DefaultModelId { get; }

    /// <summary>Whether the file at <paramref name="relativePath"/> (with <c>/</c> separators) exists.</summary>
    public abstract bool Exists(string relativePath);

    /// <summary>Opens the file at <paramref name="relativePath"/>; the caller disposes the stream.</summary>
    public abstract Stream Open(string relativePath);

    /// <summary>The path of the file on disk, when it has one (ONNX Runtime then maps it itself).</summary>
    public virtual string? PathOf(string relativePath) => null;

    /// <summary>The sha256 of the file when it is known without reading it (computed at build time).</summary>
    public virtual string? KnownSha256(string relativePath) => null;

    /// <summary>Reads the whole file.</summary>
    public byte[] ReadAllBytes(string relativePath)
    {
        using Stream stream = Open(relativePath);
        if (stream.CanSeek)
        {
            byte[] bytes = new byte[stream.Length - stream.Position];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
