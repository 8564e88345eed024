using Mcip.RagPref.Index;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Stores;

/// <summary>
/// How a store cuts example texts into embedded units and how it batches embedding calls.
/// The chunk settings are saved with the store and reused by every later <see cref="ExampleStore.AddAsync"/>.
/// </summary>
public sealed class ExampleStoreOptions
{
    /// <summary>The default chunk size: <see cref="TextWindowOptions.DefaultSize"/> (256 characters, the RAG-Pref reference's), the guard's window size.</summary>
    public const int DefaultChunkSize = TextWindowOptions.DefaultSize;

    /// <summary>The default chunk overlap: <see cref="TextWindowOptions.DefaultOverlap"/> (64 characters), the guard's window overlap.</summary>
    public const int DefaultChunkOverlap = TextWindowOptions.DefaultOverlap;

    /// <summary>
    /// The longest text stored as one unit, in UTF-16 code units; longer texts are cut into windows of at most
    /// this size, on word boundaries where possible (the same <see cref="TextWindows"/> routine the guard cuts
    /// requests with), each stored as a chunk that names its parent. 0 turns chunking off.
    /// Default <see cref="DefaultChunkSize"/> (256). Must be 0 or at least 2.
    /// </summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>
    /// How many characters consecutive chunks share. Default <see cref="DefaultChunkOverlap"/> (64);
    /// must be at least 0 and less than <see cref="ChunkSize"/> (ignored when chunking is off).
    /// </summary>
    public int ChunkOverlap { get; init; } = DefaultChunkOverlap;

    /// <summary>
    /// Which examples are also stored as their intent units (sentences and lines, tool-call arguments, description
    /// sentences; rows <c>id#u0</c>, <c>id#u1</c>, ... next to the whole text), so that a request's units find units
    /// like them. Default <see cref="StoreUnits.Benign"/> (measured best; see the README): the sentences of a benign
    /// example are all benign, while the harmless-looking sentences of a falsely benign attack are its disguise, not its
    /// intent, so attack examples are stored whole and the corpus supplies instructions as attack units of their own.
    /// Not saved with the store: a loaded store adds with the default unless told otherwise.
    /// </summary>
    public StoreUnits Units { get; init; } = StoreUnits.Benign;

    /// <summary>
    /// How many embedding calls a build or an add runs at once. Default: the processor count, at most 4 (the in-process
    /// encoders run one thread per call, so this is what uses the cores); 1 embeds one batch after another. The
    /// generator must be thread-safe (every embedder of this library is). At least 1.
    /// </summary>
    public int EmbeddingParallelism { get; init; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>How many texts go to the embedding generator per call. Default 32; at least 1.</summary>
    public int EmbeddingBatchSize { get; init; } = 32;

    /// <summary>
    /// How the nearest-neighbour index of each snapshot scans (quantisation, parallelism, row validation), or
    /// <see langword="null"/> (the default) for <see cref="VectorIndexOptions.Default"/>: exact float32 scan on the
    /// calling thread, every row checked to be a finite unit vector when a snapshot is created. Not saved with the store.
    /// </summary>
    public VectorIndexOptions? Index { get; init; }

    /// <summary>
    /// How <see cref="ExampleStore.Load"/> holds the file's bytes. Default <see cref="StoreLoadMode.ReadIntoMemory"/>:
    /// a private copy in process memory (the store's size in RAM per process, no file created). <see cref="StoreLoadMode.MapPrivateCopy"/>
    /// maps an owner-only, unlinked copy instead (pages the system can evict; a second write of the file at load). No mode
    /// maps the loaded file itself, so nothing done to it afterwards can change or crash a loaded store. Not saved with the store.
    /// </summary>
    public StoreLoadMode LoadMode { get; init; } = StoreLoadMode.ReadIntoMemory;

    /// <summary>Checks the values and throws the first problem found.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its documented range.</exception>
    internal void Validate()
    {
        if (ChunkSize is < 0 or 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, "ChunkSize must be 0 (no chunking) or at least 2.");
        }

        if (ChunkSize > 0 && (ChunkOverlap < 0 || ChunkOverlap >= ChunkSize))
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkOverlap), ChunkOverlap, $"ChunkOverlap must be at least 0 and less than ChunkSize ({ChunkSize}).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EmbeddingBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EmbeddingParallelism);
        if (!Enum.IsDefined(Units))
        {
            throw new ArgumentOutOfRangeException(nameof(Units), Units, "Units must be None, Benign or All.");
        }
    }
}
