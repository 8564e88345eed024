using System.Text;
using System.Text.Json;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;

namespace Mcip.RagPref.Mcp.Client;

/// <summary>
/// An MCP client tool whose results are screened as tool output before they reach the model: a blocked result is
/// replaced by a refusal (<see cref="TextContent"/>), a flagged one is reported and passed through. Run inside a
/// <see cref="FunctionInvokingChatClient"/>, the call itself is screened first with the conversation before it (argument
/// provenance): a blocked call is not sent to the server.
/// </summary>
/// <remarks>Thread-safe; name, description and schema are the inner tool's.</remarks>
internal sealed class GuardedMcpClientTool : DelegatingAIFunction
{
    private readonly IRagPrefGuard _guard;
    private readonly McpEventSink _events;
    private readonly string? _server;
    private readonly ToolOutputScreen _outputs;

    public GuardedMcpClientTool(McpClientTool inner, IRagPrefGuard guard, McpEventSink events, string? server, bool markFlagged)
        : base(inner)
    {
        _guard = guard;
        _events = events;
        _server = server;
        _outputs = new ToolOutputScreen(guard, events, markFlagged);
    }

    /// <summary>Gets the wrapped SDK tool.</summary>
    public McpClientTool Tool => (McpClientTool)InnerFunction;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConversationTurn>? context = null;
        if (FunctionInvokingChatClient.CurrentContext?.Messages is { Count: > 0 } conversation)
        {
            // Inside a FunctionInvokingChatClient the conversation is known: screen the call and where its values came from
            // before the server runs it (the server's own filter, if any, sees no conversation).
            context = ChatConversation.ToTurns(conversation);
            GuardRequest call = GuardRequest.ToolCall(_server, Name, ChatConversation.ToJsonArguments(arguments, JsonSerializerOptions)).WithContext(context);
            GuardResult verdict = await _guard.GuardAsync(call, cancellationToken).ConfigureAwait(false);
            _events.Screened(call, verdict);
            if (verdict.Verdict == GuardVerdict.Block)
            {
                string refusal = $"Mcip.RagPref refused the call to tool '{Name}': {GuardEvidence.Explain(verdict)}. The tool was not run.";
                _events.Report(McpGuardEventKind.CallBlocked, _server, Name, verdict.Verdict, verdict, refusal);
                return new TextContent(refusal);
            }

            if (verdict.Verdict == GuardVerdict.Flag)
            {
                _events.Report(McpGuardEventKind.CallFlagged, _server, Name, verdict.Verdict, verdict,
                    $"Mcip.RagPref flagged the call to tool '{Name}' and let it run: {GuardEvidence.Explain(verdict)}.");
            }
        }

        object? output = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        string text = OutputText(output);
        if (text.Length == 0)
        {
            return output;
        }

        ToolOutputDecision decision = await _outputs.ScreenAsync(_server, Name, text, context, cancellationToken).ConfigureAwait(false);
        if (decision.Refusal is { } refusalText)
        {
            return new TextContent(refusalText);
        }

        return decision.Notice is { } notice ? Marked(output, text, notice) : output;
    }

    /// <summary>The flagged result with a notice in front: contents keep their parts (images, resources) after it; anything else becomes text.</summary>
    private static object Marked(object? output, string text, string notice)
    {
        if (output is IEnumerable<AIContent> contents)
        {
            List<AIContent> marked = [new TextContent(notice)];
            marked.AddRange(contents);
            return marked;
        }

        return new TextContent(notice + "\n\n" + text);
    }

    /// <summary>The text of what an MCP client tool returned: text contents, structured JSON or a plain value.</summary>
    internal static string OutputText(object? output)
    {
        switch (output)
        {
            case null:
                return string.Empty;
            case string s:
                return s;
            case TextContent text:
                return text.Text ?? string.Empty;
            case JsonElement json:
                return json.ValueKind == JsonValueKind.String ? json.GetString() ?? string.Empty : json.GetRawText();
            case IEnumerable<AIContent> contents:
                var joined = new StringBuilder();
                foreach (AIContent content in contents)
                {
                    string part = OutputText(content);
                    if (part.Length > 0)
                    {
                        joined.Append(joined.Length > 0 ? "\n" : string.Empty).Append(part);
                    }
                }

                return joined.ToString();
            case AIContent:
                return string.Empty;
            default:
                return output.ToString() ?? string.Empty;
        }
    }
}
