namespace Mcip.RagPref.Index;

/// <summary>
/// One scan of a row range for a block of prepared queries: where the queries are and where each query's
/// per-label lists, counts and thresholds live. Lists are laid out <c>[query][label][capacity]</c>.
/// </summary>
internal unsafe struct ScanJob
{
    /// <summary>The prepared queries: padded floats, int8-scale shorts or sign words, by the index's mode.</summary>
    public void* Queries;

    /// <summary>The distance between prepared queries, in elements of their type.</summary>
    public nint QueryStride;

    /// <summary>The number of queries.</summary>
    public int QueryCount;

    /// <summary>Whether the scan scores the quantised codes (else the float32 rows).</summary>
    public bool Quantized;

    /// <summary>The slots per list (k for exact scans, the candidate count for quantised ones).</summary>
    public int Capacity;

    /// <summary>The lists, <c>QueryCount * labels * Capacity</c> slots.</summary>
    public SearchHit* Lists;

    /// <summary>The number of hits in each list, <c>QueryCount * labels</c>.</summary>
    public int* Counts;

    /// <summary>The admission threshold of each list, <c>QueryCount * labels</c>.</summary>
    public float* Thresholds;
}
