using System.Text;

namespace Mcip.RagPref.Stores;

/// <summary>
/// Reads RFC 4180 CSV: fields separated by commas, records by CR LF, LF or CR; a field in double
/// quotes may hold commas, quotes (doubled) and line breaks. Reports the line each record starts on.
/// </summary>
internal static class CsvParser
{
    /// <summary>Yields the records of <paramref name="reader"/> in order.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="name">The file name for error messages.</param>
    /// <exception cref="RagPrefException">A quote is misplaced or never closed; the message names the file and line.</exception>
    public static IEnumerable<CsvRecord> Parse(TextReader reader, string name)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        bool inQuotes = false;
        bool wasQuoted = false;
        bool afterQuote = false;
        bool any = false;
        while (true)
        {
            int c = reader.Read();
            if (c < 0)
            {
                if (inQuotes)
                {
                    throw new RagPrefException($"{name}:{quoteLine}: a quoted field starts here and is never closed. Close it with '\"' (write a quote inside a field as '\"\"').");
                }

                if (any || field.Length > 0 || fields.Count > 0)
                {
                    fields.Add(field.ToString());
                    yield return new CsvRecord([.. fields], recordLine);
                }

                yield break;
            }

            char ch = (char)c;
            any = true;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (ch == '\n' || (ch == '\r' && reader.Peek() != '\n'))
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = afterQuote = false;
                    break;
                case '\r' or '\n':
                    if (ch == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    fields.Add(field.ToString());
                    field.Clear();
                    yield return new CsvRecord([.. fields], recordLine);
                    fields.Clear();
                    wasQuoted = afterQuote = any = false;
                    line++;
                    recordLine = line;
                    break;
                case '"':
                    if (wasQuoted || field.Length > 0)
                    {
                        throw new RagPrefException($"{name}:{line}: a '\"' appears inside an unquoted field or after a closing quote. Quote the whole field and double the quotes inside it.");
                    }

                    inQuotes = wasQuoted = true;
                    quoteLine = line;
                    break;
                default:
                    if (afterQuote)
                    {
                        throw new RagPrefException($"{name}:{line}: the character '{ch}' follows a closing quote; a quoted field must end at a comma or a line break.");
                    }

                    field.Append(ch);
                    break;
            }
        }
    }
}
