namespace Mcip.RagPref.SeedGenerator;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood): a fixed, documented 64-bit generator, so that the same seed gives the
/// same corpus on every runtime. <see cref="System.Random"/> is not used: its algorithm is unspecified.
/// </summary>
internal sealed class SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A new generator whose seed is derived from this seed and a stream name (FNV-1a of the name).</summary>
    public static SplitMix64 ForStream(ulong seed, string stream)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in stream)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return new SplitMix64(seed ^ hash);
    }

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, n), by rejection so that it is unbiased.</summary>
    public int Below(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ulong bound = (ulong)n;
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong x;
        do
        {
            x = Next();
        }
        while (x >= limit);
        return (int)(x % bound);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    public bool Chance(int percent) => Below(100) < percent;

    /// <summary>Fisher-Yates shuffle of a copy.</summary>
    public List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = Below(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
