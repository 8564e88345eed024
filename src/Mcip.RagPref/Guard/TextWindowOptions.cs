namespace Mcip.RagPref.Guard;

/// <summary>How <see cref="TextWindows"/> splits long texts (tool outputs, documents) into overlapping windows.</summary>
/// <remarks>Validated when used; an instance may be shared once configured, but is not synchronised for concurrent writes.</remarks>
public sealed class TextWindowOptions
{
    /// <summary>Gets the options used when none are given: 512-character windows overlapping by 64 (never mutated).</summary>
    internal static TextWindowOptions Default { get; } = new();

    /// <summary>Gets or sets the largest window, in UTF-16 code units. Default 512; at least 2.</summary>
    public int Size { get; set; } = 512;

    /// <summary>
    /// Gets or sets how many characters consecutive windows share, so that a phrase cut by one window boundary
    /// appears whole in the next. Default 64; at least 0 and less than <see cref="Size"/>. The actual overlap
    /// can differ slightly because windows start and end on word boundaries where possible.
    /// </summary>
    public int Overlap { get; set; } = 64;

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
