using System.Collections.ObjectModel;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Stores;

/// <summary>
/// One stored example: the unit that is embedded and retrieved. When the store chunks long texts,
/// every chunk is its own example and names its parent and its position in the parent text.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class Example
{
    /// <summary>Creates an example.</summary>
    /// <param name="id">The unique id (for a chunk, <c>{parentId}#{n}</c>).</param>
    /// <param name="text">The embedded text.</param>
    /// <param name="label">Benign or attack.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="text"/> is <see langword="null"/>.</exception>
    public Example(string id, string text, ExampleLabel label)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(text);
        Id = id;
        Text = text;
        Label = label;
    }

    /// <summary>The unique id within the store.</summary>
    public string Id { get; }

    /// <summary>The embedded text (for a chunk, the chunk's characters only).</summary>
    public string Text { get; }

    /// <summary>Benign or attack.</summary>
    public ExampleLabel Label { get; }

    /// <summary>The surface the example belongs to, or <see langword="null"/> when unknown.</summary>
    public GuardSurface? Surface { get; init; }

    /// <summary>The category (for example an MCIP taxonomy name such as <c>credential-theft</c>), or <see langword="null"/>.</summary>
    public string? Category { get; init; }

    /// <summary>Where the example came from (a file name, a data set), or <see langword="null"/>.</summary>
    public string? Source { get; init; }

    /// <summary>Free-form tags; empty when none.</summary>
    public IReadOnlyList<string> Tags { get; init => field = ExampleTags.Copy(value); } = ReadOnlyCollection<string>.Empty;

    /// <summary>For a chunk, the id of the example it was cut from; otherwise <see langword="null"/>.</summary>
    public string? ParentId { get; init; }

    /// <summary>For a chunk, the offset of its first character (UTF-16 code unit) in the parent text; otherwise 0.</summary>
    public int ChunkStart { get; init; }

    /// <summary>For a chunk, its length in UTF-16 code units (equal to <c>Text.Length</c>); otherwise 0.</summary>
    public int ChunkLength { get; init; }

    /// <summary>Whether this example is a chunk of a longer parent text.</summary>
    public bool IsChunk => ParentId is not null;

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({(Label == ExampleLabel.Attack ? "attack" : "benign")})";
}
