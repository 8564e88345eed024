using Mcip.RagPref.Cli;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>Runs the ragpref command line in-process with text standard input and captured output.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(string standardInput, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApplication.RunAsync(args, new CliConsole(new StringReader(standardInput), output, error, true));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The non-empty lines of <paramref name="text"/>.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
