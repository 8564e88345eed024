using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.AI;

/// <summary>Settings of a <see cref="RagPrefGuardedFunction"/> and of <see cref="ToolScreening.InvokeAsync"/>.</summary>
/// <remarks>
/// The function copies these values when it is created; changing the instance afterwards does not affect a function
/// already wrapped. Not thread-safe while being configured.
/// </remarks>
public sealed class RagPrefFunctionOptions
{
    /// <summary>Gets or sets whether the call (tool name and arguments) is screened on the tool-call surface before the tool runs. Default <see langword="true"/>.</summary>
    public bool ScreenArguments { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a call is screened also when the conversation before it is unknown (the function runs outside
    /// a <see cref="Microsoft.Extensions.AI.FunctionInvokingChatClient"/>). Default <see langword="true"/>; the MCP client
    /// tools turn it off, since without the conversation a guarded server screens the same call itself. Applies only
    /// when <see cref="ScreenArguments"/> is on.
    /// </summary>
    public bool ScreenArgumentsWithoutConversation { get; set; } = true;

    /// <summary>Gets or sets whether the tool's result is screened on the tool-output surface before it is returned. Default <see langword="true"/>.</summary>
    public bool ScreenResult { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a flagged result reaches the model behind a notice that it may carry injected instructions
    /// and is to be treated as data (<see cref="ToolScreening.FlaggedNotice"/>). Default <see langword="false"/>: a
    /// flagged result passes unchanged. A blocked result is always replaced by the refusal.
    /// </summary>
    public bool MarkFlaggedResults { get; set; }

    /// <summary>Gets or sets the MCP server name reported with the tool call, when the function proxies a server's tool. Default <see langword="null"/>.</summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Gets or sets a callback invoked with every screening result (Allow, Flag and Block, for arguments and results),
    /// for example to record flagged calls, which pass through. It runs on the invoking thread before the function
    /// continues; an exception it throws propagates to the caller. Default <see langword="null"/>.
    /// </summary>
    public Action<GuardResult>? OnVerdict { get; set; }

    /// <summary>
    /// Gets or sets a callback invoked, before <see cref="OnVerdict"/>, with every screened request and its result, for
    /// example to log or report them with the request's text. Same rules as <see cref="OnVerdict"/>. Default <see langword="null"/>.
    /// </summary>
    public Action<GuardRequest, GuardResult>? OnScreened { get; set; }

    /// <summary>
    /// Gets or sets how the answer that replaces a refused call or a withheld result is made, from the tool's name and
    /// the Block result (its surface says which). Default <see langword="null"/>: the JSON refusal of
    /// <see cref="RagPrefGuardedFunction.CreateRefusal"/>. The MCP client tools answer with MCP text instead.
    /// </summary>
    public Func<string, GuardResult, object>? CreateRefusal { get; set; }

    /// <summary>A copy, so that later changes to this instance do not reach a wrapper already created.</summary>
    internal RagPrefFunctionOptions Clone() => (RagPrefFunctionOptions)MemberwiseClone();
}
