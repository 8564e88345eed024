using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Postgres;

/// <summary>What the database says about its store: who made its vectors and how its texts were cut.</summary>
internal sealed record PostgresStoreHeader(Guid DatabaseId, EmbedderFingerprint Fingerprint, int ChunkSize, int ChunkOverlap, StoreUnits Units)
{
    /// <summary>Store options with the database's chunk settings and <paramref name="baseline"/>'s others.</summary>
    public ExampleStoreOptions OptionsFrom(ExampleStoreOptions? baseline)
    {
        baseline ??= new ExampleStoreOptions();
        return new ExampleStoreOptions
        {
            ChunkSize = ChunkSize,
            ChunkOverlap = ChunkOverlap,
            Units = Units,
            EmbeddingParallelism = baseline.EmbeddingParallelism,
            EmbeddingBatchSize = baseline.EmbeddingBatchSize,
            Index = baseline.Index,
            LoadMode = baseline.LoadMode,
        };
    }
}
