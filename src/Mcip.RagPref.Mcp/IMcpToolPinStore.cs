namespace Mcip.RagPref.Mcp;

/// <summary>
/// Where the MCP filters keep tool pins (the hash of each tool's name, description and input schema when first seen),
/// so a tool whose description changes later (a rug pull) is recognised. Register one in the service collection to
/// share pins between replicas (the PostgreSQL package's <c>UsePostgres</c> does); without one, pins live in memory or in
/// <see cref="RagPrefMcpOptions.PinFilePath"/>. A registered store takes precedence over the file.
/// </summary>
/// <remarks>Implementations must be thread-safe: the filters call them from concurrent requests.</remarks>
public interface IMcpToolPinStore
{
    /// <summary>Compares <paramref name="hash"/> with the tool's pin, pinning it when the tool is new.</summary>
    /// <param name="tool">The tool name.</param>
    /// <param name="hash">Its current description hash (64 lower-case hex digits).</param>
    /// <param name="repinOnChange">Replace the pin when it differs (otherwise the first pin is kept).</param>
    /// <param name="pinned">The pin before this call (the current hash for a new tool).</param>
    /// <returns>Whether the tool is new, unchanged or changed.</returns>
    /// <exception cref="RagPrefException">The pin could not be read or recorded; the filters then fail closed for the tool.</exception>
    McpToolPinOutcome Check(string tool, string hash, bool repinOnChange, out string pinned);

    /// <summary>Removes a tool's pin (an operator accepting a changed tool); the next sighting pins it afresh.</summary>
    /// <param name="tool">The tool name.</param>
    /// <returns><see langword="true"/> when a pin was removed.</returns>
    /// <exception cref="RagPrefException">The pin could not be removed.</exception>
    bool Remove(string tool);
}
