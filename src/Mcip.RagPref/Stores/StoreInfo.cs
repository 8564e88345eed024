namespace Mcip.RagPref.Stores;

/// <summary>The decoded info section of a store file.</summary>
internal readonly record struct StoreInfo(
    int Dimensions,
    int Stride,
    int Rows,
    int AttackRows,
    int BenignRows,
    int ChunkSize,
    int ChunkOverlap,
    string ModelId,
    string WeightsSha256);
