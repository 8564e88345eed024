namespace Mcip.RagPref.Cli.Proxying;

/// <summary>
/// The upstream MCP server of <c>ragpref mcp-proxy</c> could not be started or reached, or it went away. The CLI prints
/// its message as one line and exits with <see cref="CliExitCodes.UpstreamFailed"/>.
/// </summary>
internal sealed class McpUpstreamException : RagPrefException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what to check.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public McpUpstreamException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
