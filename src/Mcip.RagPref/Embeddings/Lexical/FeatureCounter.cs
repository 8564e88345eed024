using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mcip.RagPref.Embeddings.Lexical;

/// <summary>
/// Counts finished feature hashes in a pooled open-addressing table (linear probing, at most half full), so a text's
/// features are counted in linear time without a string or an allocation per feature. Dispose to return the buffers.
/// </summary>
internal ref struct FeatureCounter
{
    private ulong[]? _keys;
    private int[]? _counts;
    private readonly int _mask;
    private readonly int _shift;

    /// <summary>Creates a counter able to hold <paramref name="maxFeatures"/> distinct features.</summary>
    public FeatureCounter(int maxFeatures)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, maxFeatures * 2));
        _keys = ArrayPool<ulong>.Shared.Rent(size);
        _counts = ArrayPool<int>.Shared.Rent(size);
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        _counts.AsSpan(0, size).Clear();
    }

    /// <summary>Gets the number of features added (with repeats).</summary>
    public int Total { get; private set; }

    /// <summary>Counts one occurrence of a finished hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong hash)
    {
        ulong[] keys = _keys!;
        int[] counts = _counts!;

        // The top bits pick the slot: the low 32 bits already pick the output bucket.
        int slot = (int)(hash >> _shift);
        while (counts[slot] != 0 && keys[slot] != hash)
        {
            slot = (slot + 1) & _mask;
        }

        keys[slot] = hash;
        counts[slot]++;
        Total++;
    }

    /// <summary>
    /// Adds every distinct feature to <paramref name="destination"/>: weight <c>1 + ln(count)</c>, sign from the hash's
    /// top bit, bucket from its low 32 bits. Visits the table in slot order, which depends only on the hashes.
    /// </summary>
    public readonly void AccumulateInto(Span<float> destination)
    {
        ReadOnlySpan<ulong> keys = _keys.AsSpan(0, _mask + 1);
        ReadOnlySpan<int> counts = _counts.AsSpan(0, _mask + 1);
        for (int slot = 0; slot < counts.Length; slot++)
        {
            int count = counts[slot];
            if (count == 0)
            {
                continue;
            }

            ulong hash = keys[slot];
            float weight = count == 1 ? 1f : 1f + MathF.Log(count);
            destination[StableHash.Bucket(hash, destination.Length)] += StableHash.Sign(hash) * weight;
        }
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        if (_keys is not null)
        {
            ArrayPool<ulong>.Shared.Return(_keys);
            ArrayPool<int>.Shared.Return(_counts!);
            _keys = null;
            _counts = null;
        }
    }
}
