using System.CommandLine;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>The list of top-level commands; each command lives in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        yield return SetupCommand.Create(console);
        yield return BenchCommand.Create(console);
        yield return TokenizeCommand.Create(console);
        yield return EmbedCommand.Create(console);
        yield return StoreCommand.Create(console, model => CliEmbedders.OpenCanonical(model));
        yield return CheckCommand.Create(console);
        yield return EvalCommand.Create(console);
        yield return CalibrateCommand.Create(console);
        yield return DemoCommand.Create(console);
        yield return ServeCommand.Create(console);
        yield return McpProxyCommand.Create(console);
    }
}
