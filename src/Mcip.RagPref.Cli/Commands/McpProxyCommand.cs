using System.CommandLine;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.Proxying;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Hosting;
using Mcip.RagPref.Mcp;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref mcp-proxy [guard options] -- COMMAND ARGS...</c> or <c>ragpref mcp-proxy [guard options] --upstream URL</c>:
/// a guarding MCP proxy. It starts (or connects to) an upstream MCP server and is itself an MCP server on its own
/// stdin/stdout, screening tool descriptions (poisoned or changed tools are withheld), tool calls (blocked calls are never
/// forwarded) and tool results (blocked ones are replaced by a refusal, flagged ones marked as data).
/// </summary>
internal static class McpProxyCommand
{
    /// <summary>The default of <c>--max-message-bytes</c>: 16 MiB.</summary>
    public const long DefaultMaxMessageBytes = 16L * 1024 * 1024;

    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var guards = new CliGuards();
        var upstream = new Option<string?>("--upstream") { Description = "The upstream server's Streamable HTTP endpoint (http:// or https://, often ending in /mcp), instead of a command after '--'." };
        var pins = new Option<string?>("--pins") { Description = "JSON file the tool pins (SHA-256 of name, description and input schema) persist to, so a tool that changes between runs is caught. Default: pins in memory, every tool pinned afresh at start." };
        var onChange = new Option<string>("--on-description-change")
        {
            Description = "What a pinned tool whose description changed (a possible rug pull) gets: hide (default: left out of lists, calls refused) or repin (kept, new description pinned; the change is logged).",
            DefaultValueFactory = _ => "hide",
        };
        var noMark = new Option<bool>("--no-mark-flagged") { Description = "Pass flagged tool results on unchanged (default: a notice in front tells the model to treat them as data)." };
        var refuseFlagged = new Option<bool>("--refuse-flagged-calls")
        {
            Description = "Refuse tool calls the guard flags, not only those it blocks (for agents no one reviews). Default: flagged calls are forwarded and logged, as the server filters do.",
        };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one guard call may take (default 5); a failed or timed-out screening is handled by --guard-failure.", DefaultValueFactory = _ => 5 };
        var failure = new Option<string>("--guard-failure")
        {
            Description = "When the guard itself fails: default (block calls and descriptions, pass results and log), closed (block everything) or open (pass everything and log).",
            DefaultValueFactory = _ => "default",
        };
        var connectTimeout = new Option<double>("--connect-timeout") { Description = "Seconds the upstream may take to start and answer the MCP handshake (default 30).", DefaultValueFactory = _ => 30 };
        var maxMessage = new Option<long>("--max-message-bytes")
        {
            Description = "Largest message accepted from the client or the upstream (default 16 MiB); a larger one closes the connection with an error.",
            DefaultValueFactory = _ => DefaultMaxMessageBytes,
        };
        var command = new Argument<string[]>("command")
        {
            Description = "After '--': the upstream server's command and arguments, started as a child process spoken to over stdio.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var proxy = new Command(
            "mcp-proxy",
            "Guarding MCP proxy: put it between any MCP client and any MCP server (stdio child after '--', or --upstream URL). "
            + "Tools are proxied and screened (descriptions pinned, calls screened before forwarding, results screened); "
            + "server info, tools/list_changed, progress and cancellation are passed on. Resources, prompts, completions, "
            + "logging and sampling are not proxied. Speaks MCP on stdin/stdout; logs go to stderr.")
        {
            upstream, pins, onChange, noMark, refuseFlagged, timeout, failure, connectTimeout, maxMessage, command,
        };
        guards.AddTo(proxy);
        proxy.SetAction(async (parse, cancellationToken) =>
        {
            string[] commandLine = parse.GetValue(command) ?? [];
            string? url = parse.GetValue(upstream);
            var settings = new McpProxySettings(
                commandLine.Length > 0 ? commandLine : null,
                Endpoint(url, commandLine),
                parse.GetValue(pins),
                ParseChange(parse.GetValue(onChange)),
                !parse.GetValue(noMark),
                parse.GetValue(refuseFlagged),
                PositiveSeconds("--timeout", parse.GetValue(timeout)),
                ParseFailure(parse.GetValue(failure)),
                PositiveSeconds("--connect-timeout", parse.GetValue(connectTimeout)),
                PositiveBytes(parse.GetValue(maxMessage)),
                Verbose(parse));
            GuardOptions options = guards.ReadOptions(parse);
            return await McpProxyRunner.RunAsync(settings, parse.GetValue(guards.Store), options, () => guards.OpenEmbedder(parse, options), console, cancellationToken).ConfigureAwait(false);
        });
        return proxy;
    }

    /// <summary>Reads the root's recursive <c>--verbose</c> (looked up on the root: a lookup by name walks every command).</summary>
    private static bool Verbose(ParseResult parse) =>
        parse.RootCommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(static o => o.Name == "--verbose") is { } verbose && parse.GetValue(verbose);

    /// <summary>Checks that exactly one upstream is named and returns the URL, if that is it.</summary>
    internal static Uri? Endpoint(string? url, string[] command)
    {
        if (url is null)
        {
            return command.Length > 0
                ? null
                : throw new CliUsageException("mcp-proxy needs an upstream server: its command after '--' (for example: ragpref mcp-proxy -- npx -y @modelcontextprotocol/server-filesystem ~/notes) or --upstream http://HOST:PORT/mcp.");
        }

        if (command.Length > 0)
        {
            throw new CliUsageException($"mcp-proxy got both --upstream '{url}' and a command ('{string.Join(' ', command)}'); give one upstream.");
        }

        return Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliUsageException($"--upstream '{url}' is not an http:// or https:// URL; pass the server's Streamable HTTP endpoint, for example http://127.0.0.1:3001/mcp.");
    }

    internal static McpDescriptionChangeAction ParseChange(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "hide" => McpDescriptionChangeAction.Hide,
        "repin" or "flag" => McpDescriptionChangeAction.Flag,
        _ => throw new CliUsageException($"--on-description-change '{value}' is not an action; use 'hide' or 'repin'."),
    };

    internal static GuardFailureModes ParseFailure(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "default" => new GuardFailureModes(),
        "closed" => new GuardFailureModes
        {
            UserPrompt = GuardFailureMode.FailClosed,
            ToolCall = GuardFailureMode.FailClosed,
            ToolOutput = GuardFailureMode.FailClosed,
            ToolDescription = GuardFailureMode.FailClosed,
        },
        "open" => new GuardFailureModes
        {
            UserPrompt = GuardFailureMode.FailOpen,
            ToolCall = GuardFailureMode.FailOpen,
            ToolOutput = GuardFailureMode.FailOpen,
            ToolDescription = GuardFailureMode.FailOpen,
        },
        _ => throw new CliUsageException($"--guard-failure '{value}' is not a mode; use 'default', 'closed' or 'open'."),
    };

    private static TimeSpan PositiveSeconds(string option, double value) =>
        value > 0 && double.IsFinite(value)
            ? TimeSpan.FromSeconds(value)
            : throw new CliUsageException($"{option} must be a positive number of seconds, but it is {value}.");

    private static long PositiveBytes(long value) =>
        value >= 1024 ? value : throw new CliUsageException($"--max-message-bytes must be at least 1024, but it is {value}: pass for example {DefaultMaxMessageBytes} (16 MiB).");
}
