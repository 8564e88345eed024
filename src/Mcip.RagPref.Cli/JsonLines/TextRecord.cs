namespace Mcip.RagPref.Cli.JsonLines;

/// <summary>One text read from a JSON Lines input.</summary>
/// <param name="LineNumber">The 1-based line it came from.</param>
/// <param name="Text">The text.</param>
internal readonly record struct TextRecord(int LineNumber, string Text);
