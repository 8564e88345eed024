namespace Mcip.RagPref.Text;

/// <summary>One window of a longer text, as produced by <see cref="TextWindows.Split(string, TextWindowOptions?)"/>.</summary>
/// <param name="Start">Offset of the window's first character (UTF-16 code unit) in the source text.</param>
/// <param name="Length">Number of UTF-16 code units in the window.</param>
/// <param name="Text">The window's text: <c>source.Substring(Start, Length)</c>.</param>
public readonly record struct TextWindow(int Start, int Length, string Text)
{
    /// <summary>Gets the offset just past the window's last character in the source text.</summary>
    public int End => Start + Length;
}
