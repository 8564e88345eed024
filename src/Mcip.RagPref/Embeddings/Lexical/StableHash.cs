using System.Runtime.CompilerServices;

namespace Mcip.RagPref.Embeddings.Lexical;

/// <summary>
/// The 64-bit feature hash of the hashed n-gram embedder: FNV-1a over UTF-16 code units (each unit folded in whole),
/// finished with the MurmurHash3 64-bit finaliser so every output bit depends on every input bit. Pure integer
/// arithmetic on fixed constants: the same text gives the same hash in every process, on every platform and runtime
/// version (unlike <see cref="string.GetHashCode()"/>). Changing anything here changes every vector: bump the model
/// version in <see cref="HashedNGramEmbeddingOptions"/>'s model id.
/// </summary>
internal static class StableHash
{
    /// <summary>The FNV-1a 64-bit offset basis.</summary>
    public const ulong OffsetBasis = 0xcbf29ce484222325UL;

    /// <summary>The FNV-1a 64-bit prime.</summary>
    public const ulong Prime = 0x00000100000001b3UL;

    /// <summary>Starts a hash in its own namespace, so equal strings of different feature kinds hash apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Seed(ulong featureKind) => Step(OffsetBasis, (char)featureKind);

    /// <summary>Folds one UTF-16 code unit into the running hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Step(ulong hash, char c) => (hash ^ c) * Prime;

    /// <summary>Folds every code unit of <paramref name="text"/> into the running hash.</summary>
    public static ulong Append(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            hash = Step(hash, c);
        }

        return hash;
    }

    /// <summary>Finishes a running hash (MurmurHash3 fmix64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Finish(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }

    /// <summary>Hashes <paramref name="text"/> in the namespace <paramref name="featureKind"/>.</summary>
    public static ulong Hash(ulong featureKind, ReadOnlySpan<char> text) => Finish(Append(Seed(featureKind), text));

    /// <summary>Maps a finished hash to a bucket in [0, <paramref name="buckets"/>) using its low 32 bits (multiply-shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bucket(ulong hash, int buckets) => (int)(((hash & 0xFFFFFFFFUL) * (ulong)buckets) >> 32);

    /// <summary>Returns +1 or -1 from the top bit of a finished hash (independent of the bucket bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sign(ulong hash) => (long)hash < 0 ? -1f : 1f;
}
