using Mcip.RagPref.Hosting;
using Mcip.RagPref.Mcp;

namespace Mcip.RagPref.Cli.Proxying;

/// <summary>What <c>ragpref mcp-proxy</c> was asked to do, checked.</summary>
/// <param name="Command">The upstream command and its arguments, or <see langword="null"/> with <paramref name="Endpoint"/>.</param>
/// <param name="Endpoint">The upstream's Streamable HTTP endpoint, or <see langword="null"/> with <paramref name="Command"/>.</param>
/// <param name="PinFile">Where tool pins persist, or <see langword="null"/> for memory only.</param>
/// <param name="OnDescriptionChanged">What a changed (pinned) tool gets.</param>
/// <param name="MarkFlaggedOutputs">Whether flagged results get a notice in front.</param>
/// <param name="RefuseFlaggedCalls">Whether flagged tool calls are refused like blocked ones.</param>
/// <param name="GuardTimeout">How long one guard call may take.</param>
/// <param name="FailureModes">What each surface answers when the guard fails.</param>
/// <param name="ConnectTimeout">How long starting and greeting the upstream may take.</param>
/// <param name="MaxMessageBytes">The largest message accepted from either side.</param>
/// <param name="Verbose">Whether debug logs (the SDK's too) go to standard error.</param>
internal sealed record McpProxySettings(
    IReadOnlyList<string>? Command,
    Uri? Endpoint,
    string? PinFile,
    McpDescriptionChangeAction OnDescriptionChanged,
    bool MarkFlaggedOutputs,
    bool RefuseFlaggedCalls,
    TimeSpan GuardTimeout,
    GuardFailureModes FailureModes,
    TimeSpan ConnectTimeout,
    long MaxMessageBytes,
    bool Verbose);
