using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Index;
using Mcip.RagPref.Tests.Support.Index;

namespace Mcip.RagPref.Benchmarks.Index;

/// <summary>
/// One query, one thread, exact float32 search of 512-d unit vectors with two labels and k = 10. Baselines: the
/// obvious code (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> per row, then a full
/// sort) and a pure memory read of the same matrix (the bandwidth ceiling: the fused kernel should take no more
/// than 1.25x its time at 100k and 1M rows).
/// </summary>
[Config(typeof(IndexBenchmarkConfig))]
public unsafe class ExactSearchBenchmarks
{
    private const int Dimensions = 512;
    private const int K = 10;

    private VectorMatrix _matrix = null!;
    private VectorIndex _index = null!;
    private byte[] _labels = null!;
    private float[] _query = null!;
    private float[] _scores = null!;
    private int[] _order = null!;
    private readonly SearchHit[] _hits = new SearchHit[2 * K];
    private readonly int[] _counts = new int[2];
    private readonly SearchHit[] _naiveHits = new SearchHit[2 * K];

    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _matrix = VectorMatrix.Allocate(Rows, Dimensions);
        FastRandomVectors.Fill(_matrix, seed: 12345);
        _labels = new byte[Rows];
        var random = new Random(1);
        for (int i = 0; i < Rows; i++)
        {
            _labels[i] = (byte)(random.Next(10) < 3 ? 1 : 0);
        }

        _index = VectorIndex.Create(_matrix, _labels, 2, new VectorIndexOptions { ValidateVectors = false });
        _query = new float[Dimensions];
        SyntheticVectors.Uniform(new Random(2), _query);
        _scores = new float[Rows];
        _order = new int[Rows];
        Console.WriteLine($"// kernel width {_index.Width}, Vector512 accelerated: {Vector512.IsHardwareAccelerated}");
    }

    [GlobalCleanup]
    public void Cleanup() => _matrix.Dispose();

    /// <summary>The obvious code: one TensorPrimitives.Dot per row, then sort every row and take the best k per label.</summary>
    [Benchmark(Baseline = true)]
    public int DotPerRowThenSort()
    {
        for (int row = 0; row < Rows; row++)
        {
            _scores[row] = -TensorPrimitives.Dot(_matrix.GetRow(row), _query);
            _order[row] = row;
        }

        Array.Sort(_scores, _order);
        int taken0 = 0, taken1 = 0;
        for (int i = 0; i < Rows && (taken0 < K || taken1 < K); i++)
        {
            int row = _order[i];
            if (_labels[row] == 0 && taken0 < K)
            {
                _naiveHits[taken0++] = new SearchHit(row, -_scores[i]);
            }
            else if (_labels[row] == 1 && taken1 < K)
            {
                _naiveHits[K + taken1++] = new SearchHit(row, -_scores[i]);
            }
        }

        return taken0 + taken1;
    }

    /// <summary>Reads every float of the matrix once (vector adds only): the memory-bandwidth ceiling of any scan.</summary>
    [Benchmark]
    public float MemoryRead() => ReadAll(_matrix.BasePointer, (long)_matrix.Rows * _matrix.Stride);

    /// <summary>The fused kernel: block dot products with per-label top-k selection.</summary>
    [Benchmark]
    public int FusedSearch()
    {
        _index.Search(_query, K, _hits, _counts);
        return _counts[0];
    }

    private static float ReadAll(float* data, long length)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (long i = 0; i < length; i += 64)
            {
                a0 += Vector512.LoadAligned(data + i);
                a1 += Vector512.LoadAligned(data + i + 16);
                a2 += Vector512.LoadAligned(data + i + 32);
                a3 += Vector512.LoadAligned(data + i + 48);
            }

            return Vector512.Sum(a0 + a1 + a2 + a3);
        }

        Vector256<float> b0 = Vector256<float>.Zero, b1 = b0, b2 = b0, b3 = b0;
        for (long i = 0; i < length; i += 32)
        {
            b0 += Vector256.LoadAligned(data + i);
            b1 += Vector256.LoadAligned(data + i + 8);
            b2 += Vector256.LoadAligned(data + i + 16);
            b3 += Vector256.LoadAligned(data + i + 24);
        }

        return Vector256.Sum(b0 + b1 + b2 + b3);
    }
}
