using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Benchmarks.Index;

/// <summary>
/// One query, one thread, 100k x 512 rows, k = 10: exact float32 search (baseline) against the quantised scans with
/// exact rescoring (default candidate multiplier). Recall@10 of each mode against exact search is printed in the log
/// ("// recall ...") during set-up, measured over 50 queries from the same source as the rows.
/// </summary>
[Config(typeof(IndexBenchmarkConfig))]
public class QuantizedSearchBenchmarks
{
    private const int Dimensions = 512;
    private const int K = 10;
    private const int RecallQueries = 50;

    private VectorMatrix _matrix = null!;
    private VectorIndex _exact = null!;
    private VectorIndex _int8 = null!;
    private VectorIndex _int8PerDimension = null!;
    private VectorIndex _binary = null!;
    private float[] _query = null!;
    private readonly SearchHit[] _hits = new SearchHit[2 * K];
    private readonly int[] _counts = new int[2];

    [Params(100_000)]
    public int Rows { get; set; }

    [Params("uniform", "clustered")]
    public string Data { get; set; } = "uniform";

    [GlobalSetup]
    public void Setup()
    {
        IVectorSource source = Data == "clustered"
            ? new ClusteredVectorSource(clusters: Rows / 100, Dimensions, spread: 1f, seed: 9)
            : new UniformVectorSource(9);
        _matrix = VectorMatrix.Allocate(Rows, Dimensions);
        source.FillRows(_matrix);
        var labels = new byte[Rows];
        for (int i = 0; i < Rows; i++)
        {
            labels[i] = (byte)(i % 3 == 0 ? 1 : 0);
        }

        _exact = VectorIndex.Create(_matrix, labels, 2, new VectorIndexOptions { ValidateVectors = false });
        _int8 = VectorIndex.Create(_matrix, labels, 2, new VectorIndexOptions { ValidateVectors = false, Quantization = VectorQuantization.Int8 });
        _int8PerDimension = VectorIndex.Create(_matrix, labels, 2, new VectorIndexOptions { ValidateVectors = false, Quantization = VectorQuantization.Int8PerDimension });
        _binary = VectorIndex.Create(_matrix, labels, 2, new VectorIndexOptions { ValidateVectors = false, Quantization = VectorQuantization.Binary });
        var queries = new float[(RecallQueries + 1) * Dimensions];
        source.FillQueries(queries, Dimensions);
        _query = queries.AsSpan(0, Dimensions).ToArray();
        foreach ((string name, VectorIndex index) in new[] { ("int8", _int8), ("int8-dim", _int8PerDimension), ("binary", _binary) })
        {
            Console.WriteLine($"// recall@{K} {name} ({source.Name}, multiplier {index.Options.CandidateMultiplier}): {Recall(index, queries):F4}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _matrix.Dispose();

    [Benchmark(Baseline = true)]
    public int Exact() => Run(_exact);

    [Benchmark]
    public int Int8PerVector() => Run(_int8);

    [Benchmark]
    public int Int8PerDimension() => Run(_int8PerDimension);

    [Benchmark]
    public int Binary() => Run(_binary);

    private int Run(VectorIndex index)
    {
        index.Search(_query, K, _hits, _counts);
        return _counts[0];
    }

    private double Recall(VectorIndex index, float[] queries)
    {
        var truth = new SearchHit[2 * K];
        var truthCounts = new int[2];
        var found = new SearchHit[2 * K];
        var foundCounts = new int[2];
        int hit = 0, total = 0;
        for (int q = 0; q < RecallQueries; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * Dimensions, Dimensions);
            _exact.Search(query, K, truth, truthCounts);
            index.Search(query, K, found, foundCounts);
            for (int label = 0; label < 2; label++)
            {
                total += truthCounts[label];
                for (int i = 0; i < truthCounts[label]; i++)
                {
                    int row = truth[(label * K) + i].Row;
                    for (int j = 0; j < foundCounts[label]; j++)
                    {
                        hit += found[(label * K) + j].Row == row ? 1 : 0;
                    }
                }
            }
        }

        return (double)hit / total;
    }
}
