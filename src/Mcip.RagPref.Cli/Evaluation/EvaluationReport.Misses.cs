using System.Globalization;
using System.Reflection;
using System.Text;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Evaluation;

/// <content>The run details (when, which library, which embedder and store, which inputs) and the top misses per surface.</content>
internal sealed partial class EvaluationReport
{
    /// <summary>The longest excerpt of an item's text a miss row shows, in characters. Longer texts end in an ellipsis.</summary>
    public const int ExcerptLength = 240;

    /// <summary>The longest id or data-set name a miss row shows, in characters.</summary>
    public const int NameLength = 80;

    private readonly List<KeyValuePair<string, string>> _details = [];
    private readonly Dictionary<(GuardSurface Surface, bool IsAttack), MissList> _misses = [];
    private int _offered;

    /// <summary>Gets or sets when the evaluation ran, shown in UTC. Default: when the report was created.</summary>
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Gets or sets how many misses each surface's table shows per kind (false positives, false negatives). Default 10; between 1 and 100.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 100].</exception>
    public int MissesPerSurface
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            field = value;
        }
    } = 10;

    /// <summary>Gets the run details added with <see cref="AddDetail"/>, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details => _details;

    /// <summary>
    /// Gets the version of this library (its informational version, for example <c>0.1.0+commit</c>), which the report
    /// always names beside <see cref="CreatedAt"/>.
    /// </summary>
    public static string LibraryVersion { get; } =
        typeof(RagPrefGuard).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RagPrefGuard).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Adds a row to the run details shown under the title, for example the embedder, the store or the data files.</summary>
    /// <param name="name">What the row names, for example <c>Embedder</c>.</param>
    /// <param name="value">Its value.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public void AddDetail(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _details.Add(new KeyValuePair<string, string>(name, value));
    }

    /// <summary>
    /// Offers an item to the top-misses tables. A miss (<see cref="EvaluatedItem.IsMiss"/>) is kept when it is among the
    /// <see cref="MissesPerSurface"/> worst of its surface and kind so far: false positives with the highest scores,
    /// false negatives with the lowest (ties keep the first offered). Only an excerpt of its text is kept, so memory stays
    /// bounded however many items are offered. Once any item has been offered the page has a misses section.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <returns>Whether the item is kept for now (a worse miss offered later may still push it out).</returns>
    /// <exception cref="ArgumentException">The score is NaN or infinite, or the id or text is <see langword="null"/>.</exception>
    public bool OfferMiss(EvaluatedItem item)
    {
        if (!double.IsFinite(item.Score))
        {
            throw new ArgumentException($"The score of item '{item.Id}' is {item.Score}; scores must be finite.", nameof(item));
        }

        if (item.Id is null || item.Text is null)
        {
            throw new ArgumentException("The item's id and text must not be null.", nameof(item));
        }

        _offered++;
        if (!item.IsMiss)
        {
            return false;
        }

        if (!_misses.TryGetValue((item.Surface, item.IsAttack), out MissList? list))
        {
            list = new MissList();
            _misses[(item.Surface, item.IsAttack)] = list;
        }

        list.Total++;
        List<EvaluatedItem> kept = list.Items;
        // Worse misses first: benign items by descending score, attacks by ascending score.
        int at = kept.Count;
        while (at > 0 && (item.IsAttack ? item.Score < kept[at - 1].Score : item.Score > kept[at - 1].Score))
        {
            at--;
        }

        if (at >= MissesPerSurface)
        {
            return false;
        }

        kept.Insert(at, item with { Id = Excerpt(item.Id, NameLength), Text = Excerpt(item.Text, ExcerptLength), DataSet = item.DataSet is null ? null : Excerpt(item.DataSet, NameLength) });
        if (kept.Count > MissesPerSurface)
        {
            kept.RemoveAt(kept.Count - 1);
        }

        return true;
    }

    /// <summary>Collapses runs of white space to one space and cuts <paramref name="text"/> to <paramref name="length"/> characters (ending in an ellipsis), never inside a surrogate pair.</summary>
    internal static string Excerpt(string text, int length)
    {
        var builder = new StringBuilder(Math.Min(text.Length, length + 1));
        bool space = false;
        foreach (char c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
            if (builder.Length > length)
            {
                break;
            }
        }

        if (builder.Length <= length)
        {
            return builder.ToString();
        }

        // Keep length - 1 characters and the ellipsis; drop a high surrogate whose low half would be cut off.
        int cut = length - 1;
        if (cut > 0 && char.IsHighSurrogate(builder[cut - 1]))
        {
            cut--;
        }

        return builder.ToString(0, cut) + "\u2026";
    }

    private void WriteDetails(TextWriter writer)
    {
        writer.WriteLine("<table class=\"run\"><tbody>");
        Row(writer, "Created", CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Row(writer, "Library", "Mcip.RagPref " + LibraryVersion);
        foreach (KeyValuePair<string, string> detail in _details)
        {
            Row(writer, detail.Key, detail.Value);
        }

        writer.WriteLine("</tbody></table>");
    }

    private void WriteMisses(TextWriter writer)
    {
        if (_offered == 0)
        {
            return;
        }

        writer.WriteLine("<section id=\"misses\"><h2>Top misses per surface</h2>");
        if (_misses.Count == 0)
        {
            writer.WriteLine("<p>No misses: every benign item was allowed, and every attack flagged or blocked.</p>");
        }

        foreach (GuardSurface surface in Enum.GetValues<GuardSurface>())
        {
            _misses.TryGetValue((surface, false), out MissList? falsePositives);
            _misses.TryGetValue((surface, true), out MissList? falseNegatives);
            if (falsePositives is null && falseNegatives is null)
            {
                continue;
            }

            writer.Write("<h3>");
            Xhtml.Write(writer, GuardNames.Surface(surface));
            writer.WriteLine("</h3>");
            WriteMissTable(writer, "False positives (benign items flagged or blocked), highest score first", falsePositives);
            WriteMissTable(writer, "False negatives (attacks allowed), lowest score first", falseNegatives);
        }

        writer.WriteLine("</section>");
    }

    private static void WriteMissTable(TextWriter writer, string caption, MissList? misses)
    {
        if (misses is null)
        {
            return;
        }

        writer.Write("<table class=\"misses\"><caption>");
        Xhtml.Write(writer, $"{caption}: {Xhtml.Count(misses.Items.Count)} of {Xhtml.Count(misses.Total)}");
        writer.WriteLine("</caption><thead><tr><th>Data</th><th>Id</th><th>Score</th><th>Verdict</th><th>Text (excerpt)</th></tr></thead><tbody>");
        foreach (EvaluatedItem item in misses.Items)
        {
            writer.Write("<tr><td>");
            Xhtml.Write(writer, item.DataSet);
            writer.Write("</td><td>");
            Xhtml.Write(writer, item.Id);
            writer.Write("</td>");
            Cell(writer, Xhtml.Number(item.Score));
            writer.Write("<td>");
            Xhtml.Write(writer, GuardNames.Verdict(item.Verdict));
            writer.Write("</td><td class=\"text\">");
            Xhtml.Write(writer, item.Text);
            writer.WriteLine("</td></tr>");
        }

        writer.WriteLine("</tbody></table>");
    }

    /// <summary>The misses kept for one surface and kind, worst first, and how many were offered.</summary>
    private sealed class MissList
    {
        public List<EvaluatedItem> Items { get; } = [];

        public int Total { get; set; }
    }
}
