namespace Mcip.RagPref.Stores;

/// <summary>Where the known columns sit in a CSV example file, read from its header row.</summary>
internal sealed class CsvColumns
{
    private const int Text = 0;
    private const int Label = 1;
    private const int Id = 2;
    private const int Category = 3;
    private const int Source = 4;
    private const int Tags = 5;
    private static readonly string[] Known = ["text", "label", "id", "category", "source", "tags"];

    private readonly int[] _index = [-1, -1, -1, -1, -1, -1];
    private readonly int _count;

    private CsvColumns(int count)
    {
        _count = count;
    }

    /// <summary>Reads the header (column names are matched case-insensitively; unknown columns are ignored).</summary>
    /// <exception cref="RagPrefException">The header lacks <c>text</c> or <c>label</c>, or names a column twice.</exception>
    public static CsvColumns FromHeader(CsvRecord header, string name)
    {
        var columns = new CsvColumns(header.Fields.Length);
        for (int i = 0; i < header.Fields.Length; i++)
        {
            string column = header.Fields[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            int known = Array.IndexOf(Known, column);
            if (known < 0)
            {
                continue;
            }

            if (columns._index[known] >= 0)
            {
                throw new RagPrefException($"{name}:{header.Line}: the header names the column '{column}' twice.");
            }

            columns._index[known] = i;
        }

        if (columns._index[Text] < 0 || columns._index[Label] < 0)
        {
            throw new RagPrefException(
                $"{name}:{header.Line}: the header needs 'text' and 'label' columns (optional: id, category, source, tags) "
                + $"but names: {string.Join(", ", header.Fields)}.");
        }

        return columns;
    }

    /// <summary>Turns a data record into an input.</summary>
    /// <exception cref="RagPrefException">The record has the wrong number of fields, no text, or a bad label.</exception>
    public ExampleInput ToInput(CsvRecord record, string name, string defaultSource)
    {
        string origin = $"{name}:{record.Line}";
        string[] fields = record.Fields;
        if (fields.Length != _count)
        {
            throw new RagPrefException($"{origin}: the record has {fields.Length} fields but the header has {_count}. Quote fields that contain commas or line breaks.");
        }

        string text = fields[_index[Text]];
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RagPrefException($"{origin}: the 'text' field is empty; every example needs text.");
        }

        string? tags = Optional(fields, Tags);
        return new ExampleInput(text, ExampleRowParser.ParseLabel(fields[_index[Label]], origin))
        {
            Id = Optional(fields, Id),
            Category = Optional(fields, Category),
            Source = Optional(fields, Source) ?? defaultSource,
            Tags = tags is null ? [] : ExampleRowParser.SplitTags(tags),
            Origin = origin,
        };
    }

    private string? Optional(string[] fields, int column)
    {
        int index = _index[column];
        return index >= 0 && fields[index].Length > 0 ? fields[index] : null;
    }
}
