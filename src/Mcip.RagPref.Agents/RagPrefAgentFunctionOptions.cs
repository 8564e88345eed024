using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Agents;

/// <summary>Settings of the function-invocation middleware added by <see cref="RagPrefAgentBuilderExtensions.UseRagPrefFunctionGuard"/>.</summary>
/// <remarks>
/// The middleware copies these values when it is added; changing the instance afterwards does not affect it.
/// Not thread-safe while being configured.
/// </remarks>
public sealed class RagPrefAgentFunctionOptions
{
    /// <summary>
    /// Gets or sets whether each call (tool name and arguments, with the conversation before it) is screened on the
    /// tool-call surface before the function runs. Default <see langword="true"/>.
    /// </summary>
    public bool ScreenArguments { get; set; } = true;

    /// <summary>Gets or sets whether each function's result is screened on the tool-output surface before the model sees it. Default <see langword="true"/>.</summary>
    public bool ScreenResult { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a flagged result reaches the model as text behind a notice that it may carry injected
    /// instructions and is to be treated as data. Default <see langword="true"/>; <see langword="false"/> passes flagged
    /// results on unchanged. (A blocked result is always replaced by a refusal.)
    /// </summary>
    public bool MarkFlaggedResults { get; set; } = true;

    /// <summary>
    /// Gets or sets a callback invoked with every screening result (Allow, Flag and Block, for calls and results), for
    /// example to record flagged calls, which run. It runs on the invoking thread before the middleware continues; an
    /// exception it throws propagates to the function-invoking client. Default <see langword="null"/>.
    /// </summary>
    public Action<GuardResult>? OnVerdict { get; set; }
}
