using Mcip.RagPref.Guard;

namespace Mcip.RagPref.AI;

/// <summary>Settings of a <see cref="RagPrefGuardedFunction"/>.</summary>
/// <remarks>
/// The function copies these values when it is created; changing the instance afterwards does not affect a function
/// already wrapped. Not thread-safe while being configured.
/// </remarks>
public sealed class RagPrefFunctionOptions
{
    /// <summary>Gets or sets whether the call (tool name and arguments) is screened on the tool-call surface before the tool runs. Default <see langword="true"/>.</summary>
    public bool ScreenArguments { get; set; } = true;

    /// <summary>Gets or sets whether the tool's result is screened on the tool-output surface before it is returned. Default <see langword="true"/>.</summary>
    public bool ScreenResult { get; set; } = true;

    /// <summary>Gets or sets the MCP server name reported with the tool call, when the function proxies a server's tool. Default <see langword="null"/>.</summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Gets or sets a callback invoked with every screening result (Allow, Flag and Block, for arguments and results),
    /// for example to record flagged calls, which pass through. It runs on the invoking thread before the function
    /// continues; an exception it throws propagates to the caller. Default <see langword="null"/>.
    /// </summary>
    public Action<GuardResult>? OnVerdict { get; set; }
}
