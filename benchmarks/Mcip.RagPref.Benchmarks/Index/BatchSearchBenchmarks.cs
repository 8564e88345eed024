using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Benchmarks.Index;

/// <summary>
/// 64 queries against 100k x 512 rows, one thread: 64 separate searches (baseline) against one batched search.
/// Times are per query (OperationsPerInvoke = 64); the batch should be at least 4x faster.
/// </summary>
[Config(typeof(IndexBenchmarkConfig))]
public class BatchSearchBenchmarks
{
    private const int Dimensions = 512;
    private const int K = 10;
    private const int Queries = 64;

    private VectorMatrix _matrix = null!;
    private VectorIndex _index = null!;
    private float[] _queries = null!;
    private readonly SearchHit[] _hits = new SearchHit[Queries * 2 * K];
    private readonly int[] _counts = new int[Queries * 2];

    [Params(100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _matrix = VectorMatrix.Allocate(Rows, Dimensions);
        FastRandomVectors.Fill(_matrix, seed: 777);
        var labels = new byte[Rows];
        for (int i = 0; i < Rows; i++)
        {
            labels[i] = (byte)(i % 3 == 0 ? 1 : 0);
        }

        _index = VectorIndex.Create(_matrix, labels, 2, new VectorIndexOptions { ValidateVectors = false });
        _queries = new float[Queries * Dimensions];
        new UniformVectorSource(5).FillQueries(_queries, Dimensions);
    }

    [GlobalCleanup]
    public void Cleanup() => _matrix.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Queries)]
    public int SingleQueries()
    {
        for (int q = 0; q < Queries; q++)
        {
            _index.Search(_queries.AsSpan(q * Dimensions, Dimensions), K, _hits.AsSpan(q * 2 * K, 2 * K), _counts.AsSpan(q * 2, 2));
        }

        return _counts[0];
    }

    [Benchmark(OperationsPerInvoke = Queries)]
    public int Batch()
    {
        _index.SearchBatch(_queries, K, _hits, _counts);
        return _counts[0];
    }
}
