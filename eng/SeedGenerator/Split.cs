namespace Mcip.RagPref.SeedGenerator;

/// <summary>Which part of the corpus an item or a part belongs to.</summary>
internal enum Split
{
    Train,
    HeldOut,
}

/// <summary>The one partition rule applied to every list of parts.</summary>
internal static class Partition
{
    /// <summary>Element <c>i</c> of a part list is held out when <c>i % 4 == 3</c> (25%); the rest is training.</summary>
    public static bool IsHeldOut(int index) => index % 4 == 3;

    /// <summary>The elements of <paramref name="items"/> that belong to <paramref name="split"/>.</summary>
    public static IReadOnlyList<T> Of<T>(this IReadOnlyList<T> items, Split split)
    {
        var result = new List<T>();
        for (int i = 0; i < items.Count; i++)
        {
            if (IsHeldOut(i) == (split == Split.HeldOut))
            {
                result.Add(items[i]);
            }
        }

        if (result.Count == 0)
        {
            throw new InvalidOperationException($"a part list of {items.Count} elements has nothing for {split}; give it at least 4 elements");
        }

        return result;
    }
}
