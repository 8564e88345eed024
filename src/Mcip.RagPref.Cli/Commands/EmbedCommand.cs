using System.CommandLine;
using System.Text.Json;
using Mcip.RagPref.Cli.JsonLines;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref embed [--model DIR] [--input FILE] [--output FILE]</c>: JSON Lines texts in,
/// <c>{"text": ..., "vector": [...]}</c> lines out in the same order (batched internally, floats round-trip exactly).
/// </summary>
internal static class EmbedCommand
{
    /// <summary>How many lines are read before they are embedded together.</summary>
    private const int ChunkSize = 64;

    /// <summary>Builds the command, reading and writing <paramref name="console"/>'s streams by default.</summary>
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var model = new Option<string?>("--model", "-m")
        {
            Description = "Model folder (a BERT-family sentence encoder: model.onnx + vocab.txt); omit for the default embedder.",
        };
        var input = new Option<string?>("--input", "-i") { Description = "JSON Lines input: each line \"text\" or {\"text\": ...}. Default: standard input." };
        var output = new Option<string?>("--output", "-o") { Description = "JSON Lines output file (replaced only when the run succeeds). Default: standard output." };
        var command = new Command("embed", "Embed JSON Lines texts ({\"text\", \"vector\"} per line, unit vectors).") { model, input, output };
        command.SetAction((parse, cancellationToken) => RunAsync(
            console, parse.GetValue(model), parse.GetValue(input), parse.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string? model, string? inputPath, string? outputPath, CancellationToken cancellationToken)
    {
        using IEmbeddingGenerator<string, Embedding<float>> generator = CliEmbedders.Open(model);
        await CliStreams.TransformAsync(inputPath, outputPath, console, async (records, writer) =>
        {
            var chunk = new List<string>(ChunkSize);
            bool more = true;
            while (more)
            {
                chunk.Clear();
                while (chunk.Count < ChunkSize)
                {
                    if (await records.ReadAsync(cancellationToken).ConfigureAwait(false) is not TextRecord record)
                    {
                        more = false;
                        break;
                    }

                    chunk.Add(record.Text);
                }

                if (chunk.Count == 0)
                {
                    break;
                }

                GeneratedEmbeddings<Embedding<float>> embeddings =
                    await generator.GenerateAsync(chunk, cancellationToken: cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < chunk.Count; i++)
                {
                    await WriteAsync(writer, chunk[i], embeddings[i].Vector, cancellationToken).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
        return 0;
    }

    private static ValueTask WriteAsync(JsonLineWriter writer, string text, ReadOnlyMemory<float> vector, CancellationToken cancellationToken)
    {
        Utf8JsonWriter json = writer.BeginLine();
        json.WriteStartObject();
        json.WriteString("text", text);
        json.WriteStartArray("vector");
        foreach (float value in vector.Span)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return writer.EndLineAsync(cancellationToken);
    }
}
