using System.Text.Json;

namespace Mcip.RagPref.Cli.JsonLines;

/// <summary>
/// Reads texts from JSON Lines: each non-blank line is a JSON string (<c>"some text"</c>) or an object with a
/// string field <c>text</c> (<c>{"text": "some text", ...}</c>; other fields are ignored). Blank lines are skipped.
/// </summary>
internal sealed class TextRecordReader
{
    private readonly TextReader _reader;
    private readonly string _source;
    private int _lineNumber;

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public TextRecordReader(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        _reader = reader;
        _source = source;
    }

    /// <summary>Returns the next text, or <see langword="null"/> at the end.</summary>
    /// <exception cref="RagPrefException">A line is not a JSON string or an object with a string <c>text</c>; the message names the line.</exception>
    public async ValueTask<TextRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        while (await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is string line)
        {
            _lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                return new TextRecord(_lineNumber, Parse(line));
            }
        }

        return null;
    }

    private string Parse(string line)
    {
        string problem;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                return root.GetString()!;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = $"found a JSON {root.ValueKind.ToString().ToLowerInvariant()}";
            }
            else if (!root.TryGetProperty("text", out JsonElement text))
            {
                problem = "found an object without a \"text\" field";
            }
            else if (text.ValueKind != JsonValueKind.String)
            {
                problem = $"found an object whose \"text\" is a {text.ValueKind.ToString().ToLowerInvariant()}";
            }
            else
            {
                return text.GetString()!;
            }
        }
        catch (JsonException ex)
        {
            problem = $"the line is not valid JSON ({ex.Message})";
        }

        throw new RagPrefException(
            $"{_source}, line {_lineNumber}: expected a JSON string or an object with a string \"text\" field, but {problem}. "
            + "Write one text per line, as \"some text\" or {\"text\": \"some text\"}.");
    }
}
