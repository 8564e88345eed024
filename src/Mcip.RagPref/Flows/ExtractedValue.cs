namespace Mcip.RagPref.Flows;

/// <summary>A value found in a tool call's arguments, before its provenance is known.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Path">The argument path.</param>
/// <param name="Value">The value as written in the call.</param>
/// <param name="InText">Whether it was found inside a longer text (a link in a message body) rather than being the whole argument.</param>
internal readonly record struct ExtractedValue(FlowValueKind Kind, string Path, string Value, bool InText);
