using System.CommandLine;
using Mcip.RagPref.Cli.Commands;

namespace Mcip.RagPref.Cli;

/// <summary>Builds the <c>ragpref</c> command tree and runs it.</summary>
internal static class CliApplication
{
    /// <summary>Builds the root command with every sub-command wired to <paramref name="console"/>.</summary>
    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("ragpref: RAG-Pref guard for LLM agents using MCP tools (tokenize, embed, stores, checks, benchmarks).");
        foreach (Command command in CommandCatalog.Create(console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        RootCommand root = BuildRoot(console);
        ParseResult parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (RagPrefException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}
