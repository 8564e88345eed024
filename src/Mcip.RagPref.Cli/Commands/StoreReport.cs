using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>Counts over a store's examples for <c>store info</c>.</summary>
internal sealed record StoreReport(
    long FileBytes,
    int Whole,
    int Parents,
    int Chunks,
    IReadOnlyList<KeyValuePair<string, int>> Categories,
    IReadOnlyList<KeyValuePair<string, int>> Sources)
{
    /// <summary>Counts the whole examples, the chunked parents and their chunks, and the rows per category and per source (most frequent first).</summary>
    public static StoreReport Of(ExampleStore store, long fileBytes)
    {
        var parents = new HashSet<string>(StringComparer.Ordinal);
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        int chunks = 0;
        foreach (Example example in store.Examples)
        {
            if (example.ParentId is not null)
            {
                chunks++;
                parents.Add(example.ParentId);
            }

            Count(categories, example.Category ?? "(none)");
            Count(sources, example.Source ?? "(none)");
        }

        return new StoreReport(fileBytes, store.Count - chunks, parents.Count, chunks, Sorted(categories), Sorted(sources));
    }

    private static void Count(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static KeyValuePair<string, int>[] Sorted(Dictionary<string, int> counts) =>
        [.. counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)];
}
