using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mcip.RagPref.Stores;

/// <summary>
/// The 64-bit xxHash (XXH64) of a byte sequence, written from the published algorithm description:
/// four accumulators over 32-byte stripes, then the tail in 8-, 4- and 1-byte steps, then an
/// avalanche. Used for the section checksums of the store file (System.IO.Hashing is not available).
/// </summary>
/// <remarks>
/// A mutable value type: create one with <see cref="XxHash64(ulong)"/>, feed it with <see cref="Append"/>
/// (any split of the input gives the same digest as one call), then read <see cref="GetDigest"/>.
/// Not thread-safe; copy semantics apply (pass by <see langword="ref"/>).
/// </remarks>
internal struct XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;
    private const int StripeLength = 32;

    private readonly ulong _seed;
    private ulong _acc1;
    private ulong _acc2;
    private ulong _acc3;
    private ulong _acc4;
    private ulong _totalLength;
    private Stripe _pending;
    private int _pendingLength;

    /// <summary>Starts a hash with the given seed.</summary>
    public XxHash64(ulong seed)
    {
        _seed = seed;
        _acc1 = seed + Prime1 + Prime2;
        _acc2 = seed + Prime2;
        _acc3 = seed;
        _acc4 = seed - Prime1;
    }

    /// <summary>Hashes <paramref name="data"/> in one call with seed 0.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        var hash = new XxHash64(0);
        hash.Append(data);
        return hash.GetDigest();
    }

    /// <summary>Adds <paramref name="data"/> to the hashed sequence.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _totalLength += (ulong)data.Length;
        Span<byte> pending = _pending;
        if (_pendingLength > 0)
        {
            int take = Math.Min(StripeLength - _pendingLength, data.Length);
            data[..take].CopyTo(pending[_pendingLength..]);
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < StripeLength)
            {
                return;
            }

            ConsumeStripe(pending);
            _pendingLength = 0;
        }

        if (data.Length >= StripeLength)
        {
            data = ConsumeStripes(data);
        }

        data.CopyTo(pending);
        _pendingLength = data.Length;
    }

    /// <summary>Returns the digest of everything appended so far (the state is left unchanged).</summary>
    public readonly ulong GetDigest()
    {
        ulong hash;
        if (_totalLength >= StripeLength)
        {
            hash = BitOperations.RotateLeft(_acc1, 1) + BitOperations.RotateLeft(_acc2, 7)
                + BitOperations.RotateLeft(_acc3, 12) + BitOperations.RotateLeft(_acc4, 18);
            hash = MergeRound(hash, _acc1);
            hash = MergeRound(hash, _acc2);
            hash = MergeRound(hash, _acc3);
            hash = MergeRound(hash, _acc4);
        }
        else
        {
            hash = _seed + Prime5;
        }

        hash += _totalLength;
        Stripe copy = _pending;
        ReadOnlySpan<byte> tail = ((ReadOnlySpan<byte>)copy)[.._pendingLength];
        while (tail.Length >= 8)
        {
            hash ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(tail));
            hash = (BitOperations.RotateLeft(hash, 27) * Prime1) + Prime4;
            tail = tail[8..];
        }

        if (tail.Length >= 4)
        {
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(tail) * Prime1;
            hash = (BitOperations.RotateLeft(hash, 23) * Prime2) + Prime3;
            tail = tail[4..];
        }

        foreach (byte b in tail)
        {
            hash ^= b * Prime5;
            hash = BitOperations.RotateLeft(hash, 11) * Prime1;
        }

        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime3;
        hash ^= hash >> 32;
        return hash;
    }

    /// <summary>Consumes every whole stripe with the accumulators in locals; returns the tail (under 32 bytes).</summary>
    private ReadOnlySpan<byte> ConsumeStripes(ReadOnlySpan<byte> data)
    {
        ulong acc1 = _acc1;
        ulong acc2 = _acc2;
        ulong acc3 = _acc3;
        ulong acc4 = _acc4;
        int offset = 0;
        int end = data.Length - StripeLength;
        ref byte start = ref MemoryMarshal.GetReference(data);
        while (offset <= end)
        {
            acc1 = Round(acc1, ReadLane(ref Unsafe.Add(ref start, offset)));
            acc2 = Round(acc2, ReadLane(ref Unsafe.Add(ref start, offset + 8)));
            acc3 = Round(acc3, ReadLane(ref Unsafe.Add(ref start, offset + 16)));
            acc4 = Round(acc4, ReadLane(ref Unsafe.Add(ref start, offset + 24)));
            offset += StripeLength;
        }

        _acc1 = acc1;
        _acc2 = acc2;
        _acc3 = acc3;
        _acc4 = acc4;
        return data[offset..];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ConsumeStripe(ReadOnlySpan<byte> stripe)
    {
        _acc1 = Round(_acc1, BinaryPrimitives.ReadUInt64LittleEndian(stripe));
        _acc2 = Round(_acc2, BinaryPrimitives.ReadUInt64LittleEndian(stripe[8..]));
        _acc3 = Round(_acc3, BinaryPrimitives.ReadUInt64LittleEndian(stripe[16..]));
        _acc4 = Round(_acc4, BinaryPrimitives.ReadUInt64LittleEndian(stripe[24..]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadLane(ref byte source)
    {
        ulong lane = Unsafe.ReadUnaligned<ulong>(ref source);
        return BitConverter.IsLittleEndian ? lane : BinaryPrimitives.ReverseEndianness(lane);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong accumulator, ulong lane)
    {
        accumulator += lane * Prime2;
        accumulator = BitOperations.RotateLeft(accumulator, 31);
        return accumulator * Prime1;
    }

    private static ulong MergeRound(ulong hash, ulong accumulator)
    {
        hash ^= Round(0, accumulator);
        return (hash * Prime1) + Prime4;
    }

    [InlineArray(StripeLength)]
    private struct Stripe
    {
        private byte _element0;
    }
}
