using System.Runtime.CompilerServices;
using System.Text;

namespace Mcip.RagPref.Cli.JsonLines;

/// <summary>Opens a command's <c>--input</c> (default standard input) and <c>--output</c> (default standard output).</summary>
internal static class CliStreams
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A reader over the input file, or the console's input when <paramref name="path"/> is null or <c>-</c>.</summary>
    /// <exception cref="RagPrefException">The file does not exist.</exception>
    public static (TextReader Reader, string Source, bool Owned) OpenInput(string? path, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            return (console.In, "standard input", false);
        }

        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new RagPrefException($"The input file '{full}' (from --input) does not exist. Pass a JSON Lines file, or omit --input to read standard input.");
        }

        return (new StreamReader(full, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), $"'{full}'", true);
    }

    /// <summary>
    /// The output: the console's output when <paramref name="path"/> is null or <c>-</c>, else a temporary file
    /// beside <paramref name="path"/> that replaces it only on <see cref="CliOutput.CommitAsync"/>, so a failed run
    /// never leaves a half-written file.
    /// </summary>
    public static CliOutput OpenOutput(string? path, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            return new CliOutput(console.Out, null, null);
        }

        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new RagPrefException($"The folder of the output file '{full}' (from --output) does not exist. Create it first, or omit --output to write standard output.");
        }

        string temporary = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var writer = new StreamWriter(temporary, append: false, Utf8NoBom) { NewLine = "\n" };
        return new CliOutput(writer, temporary, full);
    }

    /// <summary>
    /// Runs a JSON Lines command over its <c>--input</c> and <c>--output</c>: <paramref name="transform"/> reads the input's
    /// text records and writes lines; the output replaces <paramref name="outputPath"/> only when it returns, and an input
    /// file opened here is closed whatever happens.
    /// </summary>
    /// <param name="inputPath">The input file, or <see langword="null"/> or <c>-</c> for standard input.</param>
    /// <param name="outputPath">The output file, or <see langword="null"/> or <c>-</c> for standard output.</param>
    /// <param name="console">The console whose streams are the defaults.</param>
    /// <param name="transform">Reads the records and writes the lines.</param>
    /// <exception cref="RagPrefException">The input file or the output's folder does not exist.</exception>
    public static async Task TransformAsync(string? inputPath, string? outputPath, CliConsole console, Func<TextRecordReader, JsonLineWriter, Task> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        (TextReader reader, string source, bool owned) = OpenInput(inputPath, console);
        try
        {
            CliOutput output = OpenOutput(outputPath, console);
            await using ConfiguredAsyncDisposable outputScope = output.ConfigureAwait(false);
            using var writer = new JsonLineWriter(output.Writer);
            await transform(new TextRecordReader(reader, source), writer).ConfigureAwait(false);
            await output.CommitAsync().ConfigureAwait(false);
        }
        finally
        {
            if (owned)
            {
                reader.Dispose();
            }
        }
    }
}
