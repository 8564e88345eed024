using Mcip.RagPref.Models;

namespace Mcip.RagPref.Embeddings;

/// <summary>The all-MiniLM-L6-v2 files carried by the Mcip.RagPref.Models.MiniLM assembly.</summary>
internal sealed class EmbeddedMiniLmFiles : ModelFiles
{
    /// <summary>The one instance.</summary>
    public static EmbeddedMiniLmFiles Instance { get; } = new();

    private EmbeddedMiniLmFiles()
    {
    }

    /// <inheritdoc />
    public override string Description => $"{MiniLmL6V2.ModelId} (package Mcip.RagPref.Models.MiniLM)";

    /// <inheritdoc />
    public override Uri Location { get; } = new("resource://Mcip.RagPref.Models.MiniLM/");

    /// <inheritdoc />
    public override string DefaultModelId => MiniLmL6V2.ModelId;

    /// <inheritdoc />
    public override bool Exists(string relativePath) => MiniLmL6V2.HasFile(relativePath);

    /// <inheritdoc />
    public override Stream Open(string relativePath) => MiniLmL6V2.OpenFile(relativePath);

    /// <inheritdoc />
    public override string? KnownSha256(string relativePath) =>
        relativePath == MiniLmL6V2.ModelFileName ? MiniLmL6V2.ModelSha256 : null;
}
