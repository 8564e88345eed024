namespace Mcip.RagPref.Text;

/// <summary>How <see cref="TextWindows"/> splits long texts (tool outputs, documents) into overlapping windows.</summary>
/// <remarks>Validated when used; an instance may be shared once configured, but is not synchronised for concurrent writes.</remarks>
public sealed class TextWindowOptions
{
    /// <summary>The default window size: 256 characters (the RAG-Pref reference's chunk size), for requests and stored examples alike.</summary>
    public const int DefaultSize = 256;

    /// <summary>The default overlap of consecutive windows: 64 characters.</summary>
    public const int DefaultOverlap = 64;

    /// <summary>The defaults, for callers that pass none (internal: never handed out, so never mutated).</summary>
    internal static TextWindowOptions Default { get; } = new();

    /// <summary>Gets or sets the largest window, in UTF-16 code units. Default <see cref="DefaultSize"/> (256); at least 2.</summary>
    public int Size { get; set; } = DefaultSize;

    /// <summary>
    /// Gets or sets how many characters consecutive windows share, so that a phrase cut by one window boundary
    /// appears whole in the next. Default <see cref="DefaultOverlap"/> (64); at least 0 and less than <see cref="Size"/>. The actual overlap
    /// can differ slightly because windows start and end on word boundaries where possible.
    /// </summary>
    public int Overlap { get; set; } = DefaultOverlap;

    /// <summary>Returns a copy of these settings.</summary>
    /// <returns>A new instance with the same values.</returns>
    public TextWindowOptions Clone() => (TextWindowOptions)MemberwiseClone();

    internal void Validate()
    {
        if (Size < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, "The window size must be at least 2 characters.");
        }

        if (Overlap < 0 || Overlap >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(Overlap), Overlap, $"The overlap must be at least 0 and less than the window size ({Size}).");
        }
    }
}
