namespace Mcip.RagPref.Cli;

/// <summary>The exit codes of <c>ragpref</c>: 0 success, 1 failure, 2 bad usage, 3 verdict at or above <c>check --fail-on</c>, 4 upstream MCP server failed (<c>mcp-proxy</c>), 130 cancelled.</summary>
internal static class CliExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed (a missing or corrupt file, an unexpected error); one line on standard error says why.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown option, a malformed or out-of-range value.</summary>
    public const int Usage = 2;

    /// <summary><c>check --fail-on LEVEL</c>: the verdict is at or above LEVEL (for CI pipelines).</summary>
    public const int VerdictAtOrAboveFailOn = 3;

    /// <summary><c>mcp-proxy</c>: the upstream MCP server could not be started or reached, or it exited or went away.</summary>
    public const int UpstreamFailed = 4;

    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
