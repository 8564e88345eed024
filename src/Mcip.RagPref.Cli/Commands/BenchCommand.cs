using System.CommandLine;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref bench</c>: quick in-process measurements of what a user runs. <c>bench http</c> times the guard service on
/// loopback. The vector index, internal to the library, is measured by the benchmarks project
/// (<c>dotnet run -c Release --project benchmarks/Mcip.RagPref.Benchmarks -- search</c> and its BenchmarkDotNet suites).
/// </summary>
internal static class BenchCommand
{
    /// <summary>Creates the <c>bench</c> command with its sub-commands.</summary>
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var bench = new Command("bench", "Measure the guard service on loopback (http).");
        bench.Subcommands.Add(BenchHttpCommand.Create(console));
        return bench;
    }
}
