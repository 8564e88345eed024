using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Index;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Benchmarks.Stores;

/// <summary>Writes a synthetic store file (seeded random unit vectors, short generated texts) for the store benchmarks.</summary>
internal static class StoreBenchmarkData
{
    /// <summary>Creates a store of <paramref name="rows"/> x <paramref name="dimensions"/> and saves it to a temporary file; returns its path.</summary>
    public static string WriteStore(int rows, int dimensions)
    {
        var random = new Random(42);
        VectorMatrix matrix = VectorMatrix.Allocate(rows, dimensions);
        var examples = new Example[rows];
        for (int row = 0; row < rows; row++)
        {
            Span<float> vector = matrix.GetRow(row);
            double norm = 0;
            for (int d = 0; d < dimensions; d++)
            {
                vector[d] = (float)((random.NextDouble() * 2) - 1);
                norm += vector[d] * vector[d];
            }

            for (int d = 0; d < dimensions; d++)
            {
                vector[d] /= (float)Math.Sqrt(norm);
            }

            examples[row] = new Example($"row-{row}", $"synthetic example number {row} for the store benchmarks", (ExampleLabel)(row % 2))
            {
                Category = row % 3 == 0 ? "credential_theft" : "everyday_tool_use",
                Source = "benchmark",
            };
        }

        var snapshot = new StoreSnapshot(examples, matrix, version: 0, indexOptions: null);
        string path = Path.Combine(Path.GetTempPath(), $"ragpref-bench-{rows}x{dimensions}-{Guid.NewGuid():N}.rpstore");
        try
        {
            StoreFileWriter.Write(path, new EmbedderFingerprint("benchmark-random", dimensions, string.Empty), new ExampleStoreOptions(), snapshot, new Dictionary<string, string>());
        }
        finally
        {
            snapshot.Release();
        }

        return path;
    }
}
