using System.Collections.ObjectModel;

namespace Mcip.RagPref.Stores;

/// <summary>How <see cref="Example.Tags"/> and <see cref="ExampleInput.Tags"/> hold the tags they are given.</summary>
internal static class ExampleTags
{
    /// <summary>
    /// A read-only copy of <paramref name="tags"/>, so later changes to the caller's list do not show; the shared empty
    /// collection when <paramref name="tags"/> is <see langword="null"/> or empty.
    /// </summary>
    /// <param name="tags">The tags given, or <see langword="null"/>.</param>
    /// <returns>The tags to hold.</returns>
    internal static ReadOnlyCollection<string> Copy(IReadOnlyList<string>? tags) =>
        tags is null || tags.Count == 0 ? ReadOnlyCollection<string>.Empty : Array.AsReadOnly(tags.ToArray());
}
