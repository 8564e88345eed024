using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Support.Index;

/// <summary>The parameters of the search measurement (<see cref="SearchBenchmarkCommand"/>).</summary>
/// <param name="Rows">Vectors in the index.</param>
/// <param name="Dimensions">Vector length.</param>
/// <param name="K">Neighbours per label.</param>
/// <param name="Queries">Timed queries.</param>
/// <param name="Batch">Queries per call (1 = <see cref="VectorIndex.Search"/>, more = <see cref="VectorIndex.SearchBatch"/>).</param>
/// <param name="Quantization">The scan mode.</param>
/// <param name="CandidateMultiplier">Candidates per label as a multiple of k (quantised modes).</param>
/// <param name="Threads">Degree of parallelism of each search.</param>
/// <param name="Clustered">Whether rows and queries are clustered (else uniform on the sphere).</param>
/// <param name="Seed">Random seed.</param>
public sealed record SearchBenchmarkSettings(
    int Rows,
    int Dimensions,
    int K,
    int Queries,
    int Batch,
    VectorQuantization Quantization,
    int CandidateMultiplier,
    int Threads,
    bool Clustered,
    int Seed);
