namespace Mcip.RagPref.Stores;

/// <summary>One CSV record and the line it starts on.</summary>
/// <param name="Fields">The field values, unquoted.</param>
/// <param name="Line">The 1-based line number of the record's first character.</param>
internal readonly record struct CsvRecord(string[] Fields, int Line);
