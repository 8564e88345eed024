namespace Mcip.RagPref.Stores;

/// <summary>The format of an example file.</summary>
public enum ExampleFileFormat
{
    /// <summary>
    /// Decide from the file: <c>.csv</c> files are CSV; anything else is JSON Lines, where each row is
    /// read as a preference pair when it has a <c>chosen</c> field and as an example otherwise.
    /// </summary>
    Auto = 0,

    /// <summary>JSON Lines, one example per line: <c>text</c>, <c>label</c>, optional <c>id</c>, <c>category</c>, <c>source</c>, <c>tags</c>.</summary>
    JsonLines = 1,

    /// <summary>CSV (RFC 4180) with a header row naming the columns <c>text</c>, <c>label</c> and optionally <c>id</c>, <c>category</c>, <c>source</c>, <c>tags</c> (separated by <c>;</c>).</summary>
    Csv = 2,

    /// <summary>
    /// The research preference-pair format: JSON Lines rows with <c>chosen</c> and <c>rejected</c>
    /// message lists. The stored text is the first user message; the row is an attack when the last
    /// chosen message is the refusal text.
    /// </summary>
    PreferencePairs = 3,
}
