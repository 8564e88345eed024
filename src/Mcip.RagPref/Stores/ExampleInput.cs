using System.Collections.ObjectModel;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Stores;

/// <summary>
/// One example to add to a store, before chunking and embedding: what the readers produce from JSON
/// Lines, CSV and preference-pair files, and what <see cref="ExampleStore.AddAsync"/> accepts.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class ExampleInput
{
    /// <summary>Creates an input.</summary>
    /// <param name="text">The example text (not empty).</param>
    /// <param name="label">Benign or attack.</param>
    /// <exception cref="ArgumentException"><paramref name="text"/> is empty or only white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public ExampleInput(string text, ExampleLabel label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Text = text;
        Label = label;
    }

    /// <summary>The example text.</summary>
    public string Text { get; }

    /// <summary>Benign or attack.</summary>
    public ExampleLabel Label { get; }

    /// <summary>
    /// The id, or <see langword="null"/> to derive one from the text (<c>x</c> followed by the first
    /// 16 hex digits of the SHA-256 of its UTF-8 bytes), so that the same text always gets the same id.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>
    /// The surface the example belongs to (a user prompt, a tool call, a tool output, a tool description), or
    /// <see langword="null"/> when unknown. It decides how the text is split into intent units and which surface's
    /// thresholds the example calibrates.
    /// </summary>
    public GuardSurface? Surface { get; init; }

    /// <summary>The category, or <see langword="null"/>.</summary>
    public string? Category { get; init; }

    /// <summary>Where the example came from, or <see langword="null"/>.</summary>
    public string? Source { get; init; }

    /// <summary>Free-form tags; empty when none.</summary>
    public IReadOnlyList<string> Tags { get; init => field = ExampleTags.Copy(value); } = ReadOnlyCollection<string>.Empty;

    /// <summary>Where this input was read from, for error messages (for example <c>attacks.jsonl:12</c>), or <see langword="null"/>.</summary>
    public string? Origin { get; init; }

    /// <summary>
    /// Reads the examples of the file at <paramref name="path"/>: JSON Lines or CSV example rows, or the research
    /// preference-pair format (see <see cref="ExampleFileFormat"/>). Rows are produced lazily, in file order; each
    /// enumeration reads the file again.
    /// </summary>
    /// <param name="path">A <c>.jsonl</c> / <c>.ndjson</c> / <c>.json</c> (one JSON object per line) or <c>.csv</c> file.</param>
    /// <param name="options">Format, refusal text and default source; <see langword="null"/> for the defaults.</param>
    /// <returns>The inputs, one per data row; each carries its origin (<c>path:line</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">While enumerating: the file cannot be read or a row is invalid (the message names the file and line).</exception>
    public static IEnumerable<ExampleInput> ReadFile(string path, ExampleReadOptions? options = null) => ExampleFileReader.Read(path, options);

    /// <summary>Reads examples from <paramref name="reader"/> as <see cref="ReadFile"/> reads a file; <paramref name="name"/> names the data in errors and picks the format when it is <see cref="ExampleFileFormat.Auto"/>.</summary>
    /// <param name="reader">The text (it is not disposed).</param>
    /// <param name="name">A file name, used in messages, as the default source, and by its extension for the automatic format.</param>
    /// <param name="options">Format, refusal text and default source; <see langword="null"/> for the defaults.</param>
    /// <returns>The inputs, one per data row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">While enumerating: a row is invalid.</exception>
    public static IEnumerable<ExampleInput> Read(TextReader reader, string name, ExampleReadOptions? options = null) => ExampleFileReader.Read(reader, name, options);

    /// <summary>
    /// Reads the project's own seed corpus of benign and attack examples (written for this project, across the four request
    /// surfaces, embedded in the library): what the default store is built from. Each origin names the file and line.
    /// </summary>
    /// <returns>The examples, file by file in name order.</returns>
    /// <exception cref="RagPrefException">The library was built without its seed corpus.</exception>
    public static IEnumerable<ExampleInput> ReadSeedCorpus() => SeedCorpus.Read();
}
