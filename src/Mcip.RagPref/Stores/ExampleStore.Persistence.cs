using System.Collections.Immutable;
using Mcip.RagPref.Embeddings;

namespace Mcip.RagPref.Stores;

/// <content>Loading from and saving to a store file (layout: docs/store-format.md).</content>
public sealed partial class ExampleStore
{
    /// <summary>The store file format version this library writes and reads (1).</summary>
    public const int FileFormatVersion = (int)StoreFileFormat.Version;

    /// <summary>
    /// Loads a store file. The vector block is memory-mapped and used in place (no copy); the records
    /// and metadata are decoded into memory. Every section's checksum is verified first.
    /// </summary>
    /// <param name="path">The store file.</param>
    /// <param name="expectedFingerprint">The fingerprint of the embedder that will query the store, or <see langword="null"/> to accept any (check later with <see cref="EnsureSameEmbedder"/>).</param>
    /// <param name="options">
    /// Batching and index settings for the loaded store, or <see langword="null"/> for the defaults. Its chunk
    /// settings are ignored: a store keeps the chunk settings it was built with (saved in the file).
    /// </param>
    /// <returns>The store, at version 0.</returns>
    /// <remarks>
    /// The file stays mapped until the store and every snapshot taken from it are disposed. Saving over
    /// the same path is safe on Linux and macOS (the mapping keeps the old file alive); on Windows a
    /// mapped file cannot be replaced, so save elsewhere or dispose first.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">
    /// The file is missing or unreadable, has a bad magic, an unknown version, a wrong checksum, a truncated
    /// section, or another fingerprint than <paramref name="expectedFingerprint"/>; the message says which.
    /// Nothing partial is ever returned.
    /// </exception>
    public static ExampleStore Load(string path, EmbedderFingerprint? expectedFingerprint = null, ExampleStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options?.EmbeddingBatchSize ?? 1, nameof(options));
        LoadedStoreFile loaded = StoreFileReader.Read(path, expectedFingerprint, options?.Index);
        options = new ExampleStoreOptions
        {
            ChunkSize = loaded.Options.ChunkSize,
            ChunkOverlap = loaded.Options.ChunkOverlap,
            EmbeddingBatchSize = options?.EmbeddingBatchSize ?? new ExampleStoreOptions().EmbeddingBatchSize,
            Index = options?.Index,
        };
        return new ExampleStore(loaded.Fingerprint, options, loaded.Snapshot, loaded.Metadata.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// Reads which embedder a store file was built with, cheaply: only the header, the section table and the info
    /// section are read (their checksums are verified); the records and vectors are not, so a file damaged there is
    /// still reported by <see cref="Load"/>. Use it to check a store against an embedder before loading it.
    /// </summary>
    /// <param name="path">The store file.</param>
    /// <returns>The fingerprint saved in the file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">
    /// The file is missing or unreadable, is not a store file, has an unknown version, or its header, section table or
    /// info section is damaged; the message says which.
    /// </exception>
    public static EmbedderFingerprint ReadFingerprint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return StoreHeaderReader.ReadFingerprint(path);
    }

    /// <summary>
    /// Saves the current snapshot and metadata to <paramref name="path"/> atomically: a temporary file
    /// beside it is written, flushed to disk and renamed over the old file, so the old file stays
    /// intact until the new one is complete. Creates the folder when missing.
    /// </summary>
    /// <param name="path">The store file to write.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The file could not be written (the previous file is then unchanged).</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _writer.Wait();
        try
        {
            ThrowIfDisposed();
            StoreFileWriter.Write(path, Fingerprint, Options, _current, _metadata);
        }
        finally
        {
            _writer.Release();
        }
    }
}
