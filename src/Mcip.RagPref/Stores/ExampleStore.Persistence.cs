using System.Collections.Immutable;
using Mcip.RagPref.Embeddings;

namespace Mcip.RagPref.Stores;

/// <content>Loading from and saving to a store file (layout: docs/store-format.md).</content>
public sealed partial class ExampleStore
{
    /// <summary>The store file format version this library writes and reads (1).</summary>
    public const int FileFormatVersion = (int)StoreFileFormat.Version;

    /// <summary>
    /// Loads a store file into a private image (<see cref="ExampleStoreOptions.LoadMode"/>: by default read into memory
    /// the process owns; never a memory map of <paramref name="path"/> itself), verifies every section's checksum on that
    /// image, decodes the records and metadata and uses the vector block in place. Whatever happens to the file afterwards
    /// (a copy over it, an editor saving in place, truncation, zeroing) cannot change or crash the loaded store. Also
    /// deletes the temporary files that killed saves of the same path left behind.
    /// </summary>
    /// <param name="path">The store file.</param>
    /// <param name="expectedFingerprint">The fingerprint of the embedder that will query the store, or <see langword="null"/> to accept any (check later with <see cref="EnsureSameEmbedder"/>).</param>
    /// <param name="options">
    /// Batching, index and load settings for the loaded store, or <see langword="null"/> for the defaults. Its chunk
    /// settings are ignored: a store keeps the chunk settings it was built with (saved in the file).
    /// </param>
    /// <returns>The store, at version 0.</returns>
    /// <remarks>
    /// The image lives until the store and every snapshot taken from it are disposed. The file is closed when the load
    /// returns (with <see cref="StoreLoadMode.MapPrivateCopy"/>, only the private copy stays mapped), so saving over the
    /// same path, or replacing, moving or deleting the file, is safe on every platform while the store is in use.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> has an undefined <see cref="ExampleStoreOptions.LoadMode"/> or a batch size below 1.</exception>
    /// <exception cref="RagPrefException">
    /// The file is missing or unreadable, has a bad magic, an unknown version, a wrong checksum, a truncated
    /// section, or another fingerprint than <paramref name="expectedFingerprint"/>; the message says which.
    /// Nothing partial is ever returned.
    /// </exception>
    public static ExampleStore Load(string path, EmbedderFingerprint? expectedFingerprint = null, ExampleStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options?.EmbeddingBatchSize ?? 1, nameof(options));
        if (options is not null && !Enum.IsDefined(options.LoadMode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LoadMode, "LoadMode must be ReadIntoMemory or MapPrivateCopy.");
        }

        LoadedStoreFile loaded = StoreFileReader.Read(path, expectedFingerprint, options?.Index, options?.LoadMode ?? StoreLoadMode.ReadIntoMemory);
        options = new ExampleStoreOptions
        {
            ChunkSize = loaded.Options.ChunkSize,
            ChunkOverlap = loaded.Options.ChunkOverlap,
            EmbeddingBatchSize = options?.EmbeddingBatchSize ?? new ExampleStoreOptions().EmbeddingBatchSize,
            Index = options?.Index,
            LoadMode = options?.LoadMode ?? StoreLoadMode.ReadIntoMemory,
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
    /// intact until the new one is complete. Creates the folder when missing. A failed save deletes its temporary file;
    /// the temporary files of saves that were killed (named <c>.NAME.PID.GUID.tmp</c>) are deleted by the next save or
    /// load of the same path, once their process is gone or they went unwritten for 10 minutes.
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
