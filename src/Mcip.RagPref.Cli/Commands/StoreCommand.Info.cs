using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.Cli.JsonLines;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <content><c>store info</c>.</content>
internal static partial class StoreCommand
{
    private static Command CreateInfo(CliConsole console)
    {
        var storePath = new Argument<string>("store") { Description = "The store file." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var info = new Command("info", "Verify a store file and show its embedder, counts, categories, sources, chunking and metadata.")
        {
            storePath, json,
        };
        info.SetAction(async (parse, _) =>
        {
            string path = parse.GetRequiredValue(storePath);
            using ExampleStore store = ExampleStore.Load(path);
            var report = StoreReport.Of(store, new FileInfo(path).Length);
            await console.Out.WriteLineAsync(parse.GetValue(json) ? ToJson(path, store, report) : ToText(path, store, report)).ConfigureAwait(false);
            return 0;
        });
        return info;
    }

    private static string ToText(string path, ExampleStore store, StoreReport report)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"store:      {path} ({report.FileBytes} bytes, format version {ExampleStore.FileFormatVersion})");
        text.AppendLine(c, $"embedder:   {store.Fingerprint.ModelId}, {store.Fingerprint.Dimensions}-d, weights sha256 {(store.Fingerprint.WeightsSha256.Length == 0 ? "unknown" : store.Fingerprint.WeightsSha256)}");
        text.AppendLine(c, $"rows:       {store.Count} ({store.AttackCount} attack, {store.BenignCount} benign)");
        text.AppendLine(c, $"examples:   {report.Whole} whole, {report.Parents} chunked into {report.Chunks} chunks");
        text.AppendLine(c, $"chunking:   {(store.Options.ChunkSize == 0 ? "off" : $"{store.Options.ChunkSize} / overlap {store.Options.ChunkOverlap}")}");
        text.AppendLine(c, $"categories: {Join(report.Categories)}");
        text.AppendLine(c, $"sources:    {Join(report.Sources)}");
        text.Append("metadata:  ");
        if (store.Metadata.Count == 0)
        {
            text.Append(" (none)");
        }

        foreach (KeyValuePair<string, string> entry in store.Metadata)
        {
            text.AppendLine().Append(c, $"  {entry.Key} = {entry.Value}");
        }

        return text.ToString();
    }

    private static string Join(IReadOnlyList<KeyValuePair<string, int>> counts) =>
        counts.Count == 0 ? "(none)" : string.Join(", ", counts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));

    private static string ToJson(string path, ExampleStore store, StoreReport report)
    {
        return JsonText.Object(writer =>
        {
            writer.WriteString("path", path);
            writer.WriteNumber("file_bytes", report.FileBytes);
            writer.WriteNumber("format_version", ExampleStore.FileFormatVersion);
            writer.WriteString("model_id", store.Fingerprint.ModelId);
            writer.WriteNumber("dimensions", store.Fingerprint.Dimensions);
            writer.WriteString("weights_sha256", store.Fingerprint.WeightsSha256);
            writer.WriteNumber("rows", store.Count);
            writer.WriteNumber("attack", store.AttackCount);
            writer.WriteNumber("benign", store.BenignCount);
            writer.WriteNumber("whole_examples", report.Whole);
            writer.WriteNumber("chunked_examples", report.Parents);
            writer.WriteNumber("chunks", report.Chunks);
            writer.WriteNumber("chunk_size", store.Options.ChunkSize);
            writer.WriteNumber("chunk_overlap", store.Options.ChunkOverlap);
            WriteCounts(writer, "categories", report.Categories);
            WriteCounts(writer, "sources", report.Sources);
            writer.WriteStartObject("metadata");
            foreach (KeyValuePair<string, string> entry in store.Metadata)
            {
                writer.WriteString(entry.Key, entry.Value);
            }

            writer.WriteEndObject();
        });
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyList<KeyValuePair<string, int>> counts)
    {
        writer.WriteStartObject(name);
        foreach (KeyValuePair<string, int> pair in counts)
        {
            writer.WriteNumber(pair.Key, pair.Value);
        }

        writer.WriteEndObject();
    }
}
