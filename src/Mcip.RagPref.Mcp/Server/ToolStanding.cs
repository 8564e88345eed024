using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Mcp.Server;

/// <summary>What the server filter last decided about one advertised tool.</summary>
/// <param name="Withheld">Whether the tool is left out of lists and calls to it are refused.</param>
/// <param name="Reason">Why it is withheld (completes "the tool is withheld because ..."), or <see langword="null"/>.</param>
/// <param name="Evidence">The screening of its current description.</param>
internal sealed record ToolStanding(bool Withheld, string? Reason, GuardResult Evidence);
