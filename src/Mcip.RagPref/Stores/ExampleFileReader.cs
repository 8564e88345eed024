using System.Text.Json;
using Mcip.RagPref.Text;
using System.Text;

namespace Mcip.RagPref.Stores;

/// <summary>
/// Reads example files: JSON Lines and CSV example rows, and the research preference-pair format
/// (see <see cref="ExampleFileFormat"/>). Rows are produced lazily, in file order; every problem
/// throws a <see cref="RagPrefException"/> naming the file and line.
/// </summary>
/// <remarks>Stateless and thread-safe; each enumeration reads the file again. Public as <see cref="ExampleInput.ReadFile"/> and <see cref="ExampleInput.Read"/>.</remarks>
internal static class ExampleFileReader
{
    /// <summary>Reads the examples of the file at <paramref name="path"/>.</summary>
    /// <param name="path">A <c>.jsonl</c> / <c>.ndjson</c> / <c>.json</c> (one JSON object per line) or <c>.csv</c> file.</param>
    /// <param name="options">Format, refusal text and default source; <see langword="null"/> for the defaults.</param>
    /// <returns>The inputs, one per data row; each carries its origin (<c>path:line</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">While enumerating: the file cannot be read or a row is invalid.</exception>
    public static IEnumerable<ExampleInput> Read(string path, ExampleReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new ExampleReadOptions();
        return ReadFile(path, options);
    }

    /// <summary>Reads examples from <paramref name="reader"/>; <paramref name="name"/> names the data in errors and picks the format when it is <see cref="ExampleFileFormat.Auto"/>.</summary>
    /// <param name="reader">The text (it is not disposed).</param>
    /// <param name="name">A file name, used in messages, as the default source, and by its extension for the automatic format.</param>
    /// <param name="options">Format, refusal text and default source; <see langword="null"/> for the defaults.</param>
    /// <returns>The inputs, one per data row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">While enumerating: a row is invalid.</exception>
    public static IEnumerable<ExampleInput> Read(TextReader reader, string name, ExampleReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        options ??= new ExampleReadOptions();
        return ReadText(reader, name, options);
    }

    private static IEnumerable<ExampleInput> ReadFile(string path, ExampleReadOptions options)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"Cannot read the example file '{path}': {ex.Message} Check the path.", ex);
        }

        using (reader)
        {
            foreach (ExampleInput input in ReadText(reader, path, options))
            {
                yield return input;
            }
        }
    }

    private static IEnumerable<ExampleInput> ReadText(TextReader reader, string name, ExampleReadOptions options)
    {
        string source = options.Source ?? Path.GetFileName(name);
        ExampleFileFormat format = options.Format;
        if (format == ExampleFileFormat.Auto && name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            format = ExampleFileFormat.Csv;
        }

        return format == ExampleFileFormat.Csv
            ? ReadCsv(reader, name, source)
            : ReadJsonLines(reader, name, source, format, options.RefusalText);
    }

    private static IEnumerable<ExampleInput> ReadJsonLines(TextReader reader, string name, string source, ExampleFileFormat format, string refusal)
    {
        int lineNumber = 0;
        while (reader.ReadLine() is string line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string origin = $"{name}:{lineNumber}";
            using JsonDocument document = ParseLine(line, origin);
            JsonElement row = document.RootElement;
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw new RagPrefException($"{origin}: the line is not a JSON object; each line must be one object such as {{\"text\": \"...\", \"label\": \"attack\"}}.");
            }

            bool pair = format == ExampleFileFormat.PreferencePairs
                || (format == ExampleFileFormat.Auto && JsonStrings.TryGetProperty(row, "chosen", out _) && !JsonStrings.TryGetProperty(row, "text", out _));
            yield return pair
                ? ExampleRowParser.ParsePair(row, origin, source, refusal)
                : ExampleRowParser.ParseExample(row, origin, source);
        }
    }

    private static JsonDocument ParseLine(string line, string origin)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new RagPrefException($"{origin}: not valid JSON ({ex.Message}). Each line must hold one complete JSON object.", ex);
        }
    }

    private static IEnumerable<ExampleInput> ReadCsv(TextReader reader, string name, string source)
    {
        CsvColumns? columns = null;
        foreach (CsvRecord record in CsvParser.Parse(reader, name))
        {
            if (record.Fields.Length == 1 && record.Fields[0].Length == 0)
            {
                continue;
            }

            if (columns is null)
            {
                columns = CsvColumns.FromHeader(record, name);
                continue;
            }

            yield return columns.ToInput(record, name, source);
        }

        if (columns is null)
        {
            throw new RagPrefException($"{name}: the CSV file is empty; it needs a header row naming at least the 'text' and 'label' columns.");
        }
    }
}
