namespace Mcip.RagPref.Cli;

/// <summary>The streams a command reads and writes, so tests can run commands in-process.</summary>
/// <param name="In">Standard input.</param>
/// <param name="Out">Standard output (data only: JSON Lines, reports).</param>
/// <param name="Error">Standard error (progress, diagnostics, errors).</param>
/// <param name="IsErrorRedirected">Whether standard error is not a terminal (progress bars are then plain lines).</param>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, bool IsErrorRedirected)
{
    /// <summary>The process's own console streams.</summary>
    public static CliConsole System => new(Console.In, Console.Out, Console.Error, Console.IsErrorRedirected);
}
