using System.CommandLine;
using System.CommandLine.Parsing;
using Mcip.RagPref.Cli.Commands;

namespace Mcip.RagPref.Cli;

/// <summary>Builds the <c>ragpref</c> command tree and runs it.</summary>
internal static class CliApplication
{
    /// <summary>The environment variable that, set to 1 or true, prints the stack trace of an unexpected error (as <c>--verbose</c> does).</summary>
    public const string VerboseVariable = "RAGPREF_VERBOSE";

    /// <summary>Builds the root command with every sub-command wired to <paramref name="console"/>.</summary>
    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("ragpref: RAG-Pref guard for LLM agents using MCP tools (tokenize, embed, stores, checks, benchmarks).");
        root.Options.Add(new Option<bool>("--verbose")
        {
            Description = $"On an unexpected error, print the stack trace too (also: {VerboseVariable}=1).",
            Recursive = true,
        });
        foreach (Command command in CommandCatalog.Create(console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the chosen command; returns the process exit code (<see cref="CliExitCodes"/>).
    /// Every failure ends as one line on standard error starting with <c>error:</c>, never an unhandled exception: bad usage
    /// (an unknown option, a malformed or out-of-range value) exits 2, any other failure 1.
    /// </summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        return RunAsync(BuildRoot(console), args, console, cancellationToken);
    }

    /// <summary>Runs <paramref name="args"/> against <paramref name="root"/> with the error handling of <see cref="RunAsync(string[], CliConsole, CancellationToken)"/>.</summary>
    internal static async Task<int> RunAsync(RootCommand root, string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string help = $"run '{CommandPath(parse.CommandResult)} --help' for the options";
            foreach (ParseError error in parse.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message.TrimEnd('.')} ({help}).").ConfigureAwait(false);
            }

            return CliExitCodes.Usage;
        }

        var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            await console.Error.WriteLineAsync($"error: {OneLine(ex.Message)}").ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
        catch (Proxying.McpUpstreamException ex)
        {
            await console.Error.WriteLineAsync($"error: {OneLine(ex.Message)}").ConfigureAwait(false);
            return CliExitCodes.UpstreamFailed;
        }
        catch (RagPrefException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return CliExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return CliExitCodes.Cancelled;
        }
        catch (ArgumentException ex)
        {
            // A value from the command line reached a library entry point that refused it.
            await console.Error.WriteLineAsync($"error: invalid value: {OneLine(WithoutParameterSuffix(ex))}").ConfigureAwait(false);
            await WriteTraceAsync(console, args, ex).ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
        catch (Exception ex)
        {
            // Anything else is a bug or an environment failure: one line, the trace only on request.
            await console.Error.WriteLineAsync(
                $"error: unexpected {ex.GetType().Name}: {OneLine(ex.Message)} (run with --verbose or {VerboseVariable}=1 for the stack trace).").ConfigureAwait(false);
            await WriteTraceAsync(console, args, ex).ConfigureAwait(false);
            return CliExitCodes.Failure;
        }
    }

    private static async Task WriteTraceAsync(CliConsole console, string[] args, Exception ex)
    {
        string? variable = Environment.GetEnvironmentVariable(VerboseVariable);
        bool verbose = Array.IndexOf(args, "--verbose") >= 0 || variable is "1" || string.Equals(variable, "true", StringComparison.OrdinalIgnoreCase);
        if (verbose)
        {
            await console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
        }
    }

    private static string CommandPath(CommandResult? command)
    {
        var names = new List<string>();
        for (SymbolResult? current = command; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: not RootCommand } result)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        names.Insert(0, "ragpref");
        return string.Join(' ', names);
    }

    private static string WithoutParameterSuffix(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
