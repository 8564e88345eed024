namespace Mcip.RagPref.Index;

/// <summary>Options of an example store's vector index (<c>ExampleStoreOptions.Index</c>): how it scans, with how many threads, and whether it checks the vectors. Immutable once built; one instance may serve many stores.</summary>
public sealed class VectorIndexOptions
{
    /// <summary>Gets the shared instance holding every default.</summary>
    public static VectorIndexOptions Default { get; } = new();

    /// <summary>
    /// Gets how rows are scanned. Default <see cref="VectorQuantization.None"/> (exact float32 scan).
    /// Quantised modes build their codes when the index is created (one pass over the matrix) and always report
    /// exact float32 similarities after rescoring; they can only miss a neighbour that the candidate list missed.
    /// </summary>
    public VectorQuantization Quantization { get; init; } = VectorQuantization.None;

    /// <summary>
    /// Gets how many candidates per label a quantised scan keeps for exact rescoring, as a multiple of k
    /// (at least k candidates are always kept). Default 8; ignored by <see cref="VectorQuantization.None"/>.
    /// Larger values raise recall and cost a random read of one float32 row per candidate.
    /// </summary>
    public int CandidateMultiplier { get; init; } = 8;

    /// <summary>
    /// Gets the number of threads one search may use: the rows are split into that many partitions scanned in
    /// parallel and their top-k lists merged (the result is identical to a serial scan). Default 1 (the calling
    /// thread only, no allocation). Stores smaller than about 16k rows per thread are scanned serially regardless.
    /// </summary>
    public int DegreeOfParallelism { get; init; } = 1;

    /// <summary>
    /// Gets whether creating the index checks every stored vector: finite, Euclidean norm within
    /// 1e-3 of 1, and padding zero. Default <see langword="true"/>. The check reads the whole matrix once
    /// (about the cost of one exact query); turn it off when the rows were validated when they were written.
    /// </summary>
    public bool ValidateVectors { get; init; } = true;

    /// <summary>Gets the kernel width to use instead of the widest accelerated one (tests and benchmarks only).</summary>
    internal KernelWidth? ForcedWidth { get; init; }
}
