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
}
