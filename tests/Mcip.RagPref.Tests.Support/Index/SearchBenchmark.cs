using System.Diagnostics;
using System.Runtime.Intrinsics;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Support.Index;

/// <summary>
/// Builds a seeded random unit-vector index and times searches over it (the engine of <see cref="SearchBenchmarkCommand"/>).
/// </summary>
public static class SearchBenchmark
{
    private const int LabelCount = 2;

    /// <summary>Runs the benchmark described by <paramref name="settings"/>.</summary>
    public static SearchBenchmarkResult Run(SearchBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        using VectorMatrix matrix = VectorMatrix.Allocate(settings.Rows, settings.Dimensions);
        float[] queries = new float[settings.Queries * settings.Dimensions];
        FillData(settings, random, matrix, queries);
        var labels = new byte[settings.Rows];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = (byte)(random.Next(10) < 3 ? 1 : 0);
        }

        var options = new VectorIndexOptions
        {
            Quantization = settings.Quantization,
            CandidateMultiplier = settings.CandidateMultiplier,
            DegreeOfParallelism = settings.Threads,
            ValidateVectors = false,
        };
        var build = Stopwatch.StartNew();
        VectorIndex index = VectorIndex.Create(matrix, labels, LabelCount, options);
        double buildMs = build.Elapsed.TotalMilliseconds;

        int k = settings.K;
        int batch = Math.Min(settings.Batch, settings.Queries);
        var hits = new SearchHit[settings.Queries * LabelCount * k];
        var counts = new int[settings.Queries * LabelCount];
        RunAll(index, queries, settings, batch, hits, counts, warmUp: true, cancellationToken);
        var timer = Stopwatch.StartNew();
        RunAll(index, queries, settings, batch, hits, counts, warmUp: false, cancellationToken);
        double seconds = timer.Elapsed.TotalSeconds;

        double recall = settings.Quantization == VectorQuantization.None
            ? 1.0
            : Recall(matrix, labels, queries, settings, hits, counts);
        double bytesPerQuery = (double)settings.Rows * settings.Dimensions * sizeof(float);
        return new SearchBenchmarkResult(
            KernelName(),
            buildMs,
            seconds * 1000 / settings.Queries,
            settings.Queries / seconds,
            bytesPerQuery * settings.Queries / seconds / 1e9,
            recall);
    }

    private static void FillData(SearchBenchmarkSettings settings, Random random, VectorMatrix matrix, float[] queries)
    {
        int dims = settings.Dimensions;
        if (!settings.Clustered)
        {
            for (int row = 0; row < settings.Rows; row++)
            {
                SyntheticVectors.Uniform(random, matrix.GetRow(row));
            }

            for (int q = 0; q < settings.Queries; q++)
            {
                SyntheticVectors.Uniform(random, queries.AsSpan(q * dims, dims));
            }

            return;
        }

        int clusterCount = Math.Max(1, settings.Rows / 100);
        float[][] centers = SyntheticVectors.CreateCenters(random, clusterCount, dims);
        for (int row = 0; row < settings.Rows; row++)
        {
            SyntheticVectors.AroundCenter(random, centers[random.Next(clusterCount)], 1f, matrix.GetRow(row));
        }

        for (int q = 0; q < settings.Queries; q++)
        {
            SyntheticVectors.AroundCenter(random, centers[random.Next(clusterCount)], 1f, queries.AsSpan(q * dims, dims));
        }
    }

    private static void RunAll(
        VectorIndex index,
        float[] queries,
        SearchBenchmarkSettings settings,
        int batch,
        SearchHit[] hits,
        int[] counts,
        bool warmUp,
        CancellationToken cancellationToken)
    {
        int dims = settings.Dimensions;
        int k = settings.K;
        int total = warmUp ? Math.Min(settings.Queries, Math.Max(batch, 3)) : settings.Queries;
        for (int start = 0; start < total; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(batch, total - start);
            ReadOnlySpan<float> block = queries.AsSpan(start * dims, n * dims);
            Span<SearchHit> blockHits = hits.AsSpan(start * LabelCount * k, n * LabelCount * k);
            Span<int> blockCounts = counts.AsSpan(start * LabelCount, n * LabelCount);
            if (n == 1)
            {
                index.Search(block, k, blockHits, blockCounts);
            }
            else
            {
                index.SearchBatch(block, k, blockHits, blockCounts);
            }
        }
    }

    private static double Recall(VectorMatrix matrix, byte[] labels, float[] queries, SearchBenchmarkSettings settings, SearchHit[] hits, int[] counts)
    {
        var exact = VectorIndex.Create(matrix, labels, LabelCount, new VectorIndexOptions { ValidateVectors = false, DegreeOfParallelism = settings.Threads });
        int k = settings.K;
        var truth = new SearchHit[hits.Length];
        var truthCounts = new int[counts.Length];
        exact.SearchBatch(queries, k, truth, truthCounts);
        long found = 0, total = 0;
        var expected = new HashSet<int>();
        for (int list = 0; list < counts.Length; list++)
        {
            expected.Clear();
            for (int i = 0; i < truthCounts[list]; i++)
            {
                expected.Add(truth[(list * k) + i].Row);
            }

            total += truthCounts[list];
            for (int i = 0; i < counts[list]; i++)
            {
                found += expected.Contains(hits[(list * k) + i].Row) ? 1 : 0;
            }
        }

        return total == 0 ? 1.0 : (double)found / total;
    }

    /// <summary>
    /// The SIMD width the index's exact scans use on this machine, as the index picks it (the widest accelerated
    /// vector; a test keeps the two equal): <c>V512</c>, <c>V256</c>, <c>V128</c> or <c>Scalar</c>.
    /// </summary>
    public static string KernelName() =>
        Vector512.IsHardwareAccelerated ? "V512"
        : Vector256.IsHardwareAccelerated ? "V256"
        : Vector128.IsHardwareAccelerated ? "V128"
        : "Scalar";
}
