using System.Buffers;
using System.Runtime.CompilerServices;

namespace Mcip.RagPref.Index;

/// <summary>Public search entry points.</summary>
internal sealed unsafe partial class VectorIndex
{
    /// <summary>Queries up to this many padded floats are prepared on the stack; longer ones use pooled arrays.</summary>
    private const int StackFloats = 4096;

    /// <summary>
    /// Finds the <paramref name="k"/> rows most similar to <paramref name="query"/> for every label in one scan.
    /// </summary>
    /// <param name="query">A finite unit vector of <see cref="Dimensions"/> floats.</param>
    /// <param name="k">Neighbours per label; zero or more (more than a label has rows is fine).</param>
    /// <param name="hits">
    /// Receives the hits: label <c>l</c>'s list is <c>hits[(l * k)..(l * k + hitCounts[l])]</c>, ordered by similarity
    /// descending, then row ascending. At least <c>LabelCount * k</c> long.
    /// </param>
    /// <param name="hitCounts">Receives the number of hits per label; at least <see cref="LabelCount"/> long.</param>
    /// <remarks>
    /// Allocation-free with <see cref="VectorIndexOptions.DegreeOfParallelism"/> 1 (quantised modes rent their
    /// candidate lists from <see cref="ArrayPool{T}.Shared"/>); the parallel scan allocates a few small objects.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The query has the wrong length, is not a finite unit vector, or a buffer is too short.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The matrix has been disposed.</exception>
    public void Search(ReadOnlySpan<float> query, int k, Span<SearchHit> hits, Span<int> hitCounts)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException(
                $"The query must have {Dimensions} dimensions like the stored vectors, but it has {query.Length}.",
                nameof(query));
        }

        CheckResultBuffers(1, k, hits, hitCounts);
        ValidateQuery(query, -1, nameof(query));
        SearchCore(query, 1, k, hits, hitCounts);
    }

    /// <summary>
    /// Runs <see cref="Search"/> for a block of queries in one pass over the rows (each block of rows is scored
    /// against every query while it is in cache): several times the throughput of separate searches.
    /// </summary>
    /// <param name="queries">The queries back to back, each a finite unit vector of <see cref="Dimensions"/> floats.</param>
    /// <param name="k">Neighbours per label per query; zero or more.</param>
    /// <param name="hits">
    /// Receives the hits of query <c>q</c>, label <c>l</c> at <c>hits[((q * LabelCount) + l) * k ..]</c>
    /// (<c>hitCounts[(q * LabelCount) + l]</c> of them, ordered as in <see cref="Search"/>). At least
    /// <c>queryCount * LabelCount * k</c> long.
    /// </param>
    /// <param name="hitCounts">Receives the hit counts, <c>[query][label]</c>; at least <c>queryCount * LabelCount</c> long.</param>
    /// <remarks>Results are identical to calling <see cref="Search"/> for each query. Scratch space comes from <see cref="ArrayPool{T}.Shared"/>.</remarks>
    /// <exception cref="ArgumentException">
    /// The length of <paramref name="queries"/> is not a multiple of <see cref="Dimensions"/>, a query is not a finite
    /// unit vector, or a buffer is too short.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The matrix has been disposed.</exception>
    public void SearchBatch(ReadOnlySpan<float> queries, int k, Span<SearchHit> hits, Span<int> hitCounts)
    {
        if (queries.Length % Dimensions != 0)
        {
            throw new ArgumentException(
                $"The queries must be back-to-back vectors of {Dimensions} floats, but their total length {queries.Length} is not a multiple of {Dimensions}.",
                nameof(queries));
        }

        int queryCount = queries.Length / Dimensions;
        CheckResultBuffers(queryCount, k, hits, hitCounts);
        for (int q = 0; q < queryCount; q++)
        {
            ValidateQuery(queries.Slice(q * Dimensions, Dimensions), q, nameof(queries));
        }

        SearchCore(queries, queryCount, k, hits, hitCounts);
    }

    [SkipLocalsInit]
    private void SearchCore(ReadOnlySpan<float> queries, int queryCount, int k, Span<SearchHit> hits, Span<int> hitCounts)
    {
        int listCount = queryCount * LabelCount;
        if (k == 0 || Count == 0 || queryCount == 0)
        {
            hitCounts[..listCount].Clear();
            return;
        }

        bool added = false;
        _matrix.Memory.DangerousAddRef(ref added);
        try
        {
            int stride = _matrix.Stride;
            int paddedLength = (queryCount * stride) + 16;
            float[]? rentedQueries = paddedLength > StackFloats ? ArrayPool<float>.Shared.Rent(paddedLength) : null;
            Span<float> paddedSpan = rentedQueries ?? stackalloc float[paddedLength];
            float[]? rentedThresholds = listCount > 256 ? ArrayPool<float>.Shared.Rent(listCount) : null;
            Span<float> thresholdSpan = rentedThresholds ?? stackalloc float[listCount];
            try
            {
                fixed (float* paddedBase = paddedSpan)
                fixed (float* thresholds = thresholdSpan)
                fixed (SearchHit* lists = hits)
                fixed (int* counts = hitCounts)
                {
                    float* padded = AlignTo64(paddedBase);
                    PadQueries(queries, queryCount, padded);
                    var job = new ScanJob
                    {
                        QueryCount = queryCount,
                        Capacity = k,
                        Lists = lists,
                        Counts = counts,
                        Thresholds = thresholds,
                    };
                    if (_int8 is null && _binary is null)
                    {
                        job.Queries = padded;
                        job.QueryStride = stride;
                        RunScan(job);
                        FinishLists(job, listCount);
                    }
                    else
                    {
                        SearchQuantized(queries, padded, job);
                    }
                }
            }
            finally
            {
                if (rentedQueries is not null)
                {
                    ArrayPool<float>.Shared.Return(rentedQueries);
                }

                if (rentedThresholds is not null)
                {
                    ArrayPool<float>.Shared.Return(rentedThresholds);
                }
            }
        }
        finally
        {
            if (added)
            {
                _matrix.Memory.DangerousRelease();
            }
        }
    }

    /// <summary>Copies each query into <paramref name="destination"/> at stride intervals with zero padding.</summary>
    private void PadQueries(ReadOnlySpan<float> queries, int queryCount, float* destination)
    {
        int stride = _matrix.Stride;
        int dims = Dimensions;
        for (int q = 0; q < queryCount; q++)
        {
            var target = new Span<float>(destination + ((nint)q * stride), stride);
            queries.Slice(q * dims, dims).CopyTo(target);
            target[dims..].Clear();
        }
    }

    private static T* AlignTo64<T>(T* pointer)
        where T : unmanaged => (T*)(((nuint)pointer + 63) & ~(nuint)63);
}
