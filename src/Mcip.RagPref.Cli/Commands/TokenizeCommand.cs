using System.CommandLine;
using System.Text.Json;
using Mcip.RagPref.Cli.JsonLines;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref tokenize --model DIR [--max-length N] [--input FILE] [--output FILE]</c>: JSON Lines texts in,
/// <c>{"text": ..., "ids": [...]}</c> lines out, special tokens included, no truncation unless <c>--max-length</c>.
/// </summary>
internal static class TokenizeCommand
{
    /// <summary>Builds the command, reading and writing <paramref name="console"/>'s streams by default.</summary>
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var model = new Option<string?>("--model", "-m")
        {
            Description = "Model folder whose tokenizer to use (a BERT-family folder with vocab.txt); omit for the default embedder's.",
        };
        var maxLength = new Option<int?>("--max-length")
        {
            Description = "Truncate to at most N ids, special tokens included (N >= 2). Default: no truncation.",
        };
        var input = new Option<string?>("--input", "-i") { Description = "JSON Lines input: each line \"text\" or {\"text\": ...}. Default: standard input." };
        var output = new Option<string?>("--output", "-o") { Description = "JSON Lines output file (replaced only when the run succeeds). Default: standard output." };
        var command = new Command("tokenize", "Turn JSON Lines texts into token ids ({\"text\", \"ids\"} per line).") { model, maxLength, input, output };
        command.SetAction((parse, cancellationToken) => RunAsync(
            console, parse.GetValue(model), parse.GetValue(maxLength), parse.GetValue(input), parse.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string? model, int? maxLength, string? inputPath, string? outputPath, CancellationToken cancellationToken)
    {
        if (maxLength is < 2)
        {
            throw new CliUsageException($"--max-length is {maxLength}, but at least 2 is needed ([CLS] and [SEP]). Pass a larger value, or omit it for no truncation.");
        }

        CliTokenizer tokenizer = CliEmbedders.OpenTokenizer(model);
        await CliStreams.TransformAsync(inputPath, outputPath, console, async (records, writer) =>
        {
            while (await records.ReadAsync(cancellationToken).ConfigureAwait(false) is TextRecord record)
            {
                int[] ids = tokenizer(record.Text, maxLength);
                Utf8JsonWriter json = writer.BeginLine();
                json.WriteStartObject();
                json.WriteString("text", record.Text);
                json.WriteStartArray("ids");
                foreach (int id in ids)
                {
                    json.WriteNumberValue(id);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                await writer.EndLineAsync(cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return 0;
    }
}
