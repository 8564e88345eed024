using System.Collections.Immutable;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Index;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Stores;

/// <summary>
/// A labelled example store: benign and attack examples (or chunks of them) with their unit vectors
/// and the fingerprint of the embedder that made them. Build it from inputs
/// (<see cref="BuildAsync"/>), load it from a store file (<see cref="Load"/>), change it at run time
/// (<see cref="AddAsync"/>, <see cref="Remove"/>) and save it atomically (<see cref="Save"/>).
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: every member may be called from any thread. Readers never block: each read works
/// on an immutable snapshot of the whole store, and a change builds a new snapshot that is swapped in
/// atomically, so a reader sees either the store before a change or after it, never part of one.
/// Writers (add, remove, metadata updates, save) are serialised.
/// </para>
/// <para>
/// Cost of a change: copy-on-write. Every add or remove copies the whole vector block and example
/// list once (O(n) in the store size, plus the new rows), so batch changes rather than adding one
/// example at a time to a large store. Reads pay nothing for this.
/// </para>
/// <para>
/// A store built with one embedder refuses to be queried or extended with another: see
/// <see cref="EnsureSameEmbedder"/>.
/// </para>
/// </remarks>
public sealed partial class ExampleStore : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private StoreSnapshot _current;
    private ImmutableSortedDictionary<string, string> _metadata;
    private int _disposed;

    private ExampleStore(EmbedderFingerprint fingerprint, ExampleStoreOptions options, StoreSnapshot initial, ImmutableSortedDictionary<string, string> metadata)
    {
        Fingerprint = fingerprint;
        Options = options;
        _current = initial;
        _metadata = metadata;
    }

    /// <summary>The fingerprint of the embedder whose vectors this store holds.</summary>
    public EmbedderFingerprint Fingerprint { get; }

    /// <summary>The chunking and batching settings (the chunk settings are saved with the store).</summary>
    public ExampleStoreOptions Options { get; }

    /// <summary>The number of rows (examples and chunks) in the current snapshot.</summary>
    public int Count => Volatile.Read(ref _current).Examples.Length;

    /// <summary>The number of attack rows in the current snapshot.</summary>
    public int AttackCount => Volatile.Read(ref _current).AttackCount;

    /// <summary>The number of benign rows in the current snapshot.</summary>
    public int BenignCount => Volatile.Read(ref _current).BenignCount;

    /// <summary>The version of the current snapshot: 0 for a new or loaded store, plus one per applied change.</summary>
    public long Version => Volatile.Read(ref _current).Version;

    /// <summary>The examples of the current snapshot in row order (an immutable list: later changes do not alter it).</summary>
    public IReadOnlyList<Example> Examples => Volatile.Read(ref _current).ReadOnlyExamples;

    /// <summary>
    /// Free-form key/value metadata saved with the store (for example calibrated thresholds).
    /// An immutable view: later updates do not alter a dictionary already returned.
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata => Volatile.Read(ref _metadata);

    /// <summary>Creates an empty store for vectors from the embedder with <paramref name="fingerprint"/>.</summary>
    /// <param name="fingerprint">The embedder's fingerprint.</param>
    /// <param name="options">Chunking and batching; <see langword="null"/> for the defaults (256 / 10, batches of 32).</param>
    /// <returns>The empty store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fingerprint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option or the fingerprint's dimensions are out of range.</exception>
    public static ExampleStore CreateEmpty(EmbedderFingerprint fingerprint, ExampleStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fingerprint.Dimensions);
        options ??= new ExampleStoreOptions();
        options.Validate();
        VectorMatrix vectors = VectorMatrix.Allocate(0, fingerprint.Dimensions);
        StoreSnapshot empty;
        try
        {
            empty = new StoreSnapshot([], vectors, version: 0, options.Index);
        }
        catch
        {
            vectors.Dispose();
            throw;
        }

        return new ExampleStore(fingerprint, options, empty, ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Builds a store from <paramref name="inputs"/>: removes exact duplicates, cuts long texts into
    /// chunks, embeds every unit with <paramref name="generator"/> and normalises the vectors.
    /// </summary>
    /// <param name="inputs">The examples, for example from <see cref="ExampleInput.ReadFile"/>.</param>
    /// <param name="generator">The embedder; its fingerprint becomes the store's.</param>
    /// <param name="options">Chunking and batching; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives progress after every embedding batch, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> or <paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">An input is invalid, an id is used for two texts, or the generator returned bad vectors.</exception>
    public static async Task<ExampleStore> BuildAsync(
        IEnumerable<ExampleInput> inputs,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        ExampleStoreOptions? options = null,
        IProgress<StoreBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(generator);
        ExampleStore store = CreateEmpty(EmbedderFingerprint.Of(generator), options);
        try
        {
            await store.AddAsync(inputs, generator, progress, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes a consistent read-only view of the store as it is now; dispose it when done.
    /// Never blocks, even while a change is being applied.
    /// </summary>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    internal ExampleStoreSnapshot GetSnapshot() => new(Acquire(), Fingerprint);

    /// <summary>
    /// Checks that <paramref name="generator"/> produces the same embedding space as this store.
    /// </summary>
    /// <param name="generator">The embedder about to be used for queries or additions.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="RagPrefException">The fingerprints differ; the message names both.</exception>
    public void EnsureSameEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        EnsureSameFingerprint(EmbedderFingerprint.Of(generator));
    }

    /// <summary>
    /// Sets (or, with a <see langword="null"/> value, removes) one metadata entry. The change is kept in
    /// memory until the next <see cref="Save"/>.
    /// </summary>
    /// <param name="key">The key (not empty).</param>
    /// <param name="value">The value, or <see langword="null"/> to remove the key.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public void SetMetadata(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _writer.Wait();
        try
        {
            ThrowIfDisposed();
            ImmutableSortedDictionary<string, string> current = _metadata;
            Volatile.Write(ref _metadata, value is null ? current.Remove(key) : current.SetItem(key, value));
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Releases the store's hold on its memory (and mapped file). Snapshots still held by readers stay
    /// valid until they are disposed. Waits for a change in progress to finish.
    /// </summary>
    public void Dispose()
    {
        _writer.Wait();
        try
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _current.Release();
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Takes a reader reference on the current snapshot; the caller must <see cref="StoreSnapshot.Release"/> it.</summary>
    internal StoreSnapshot Acquire()
    {
        while (true)
        {
            ThrowIfDisposed();
            StoreSnapshot snapshot = Volatile.Read(ref _current);
            if (snapshot.TryAcquire())
            {
                return snapshot;
            }
        }
    }

    internal void EnsureSameFingerprint(EmbedderFingerprint actual)
    {
        if (!actual.Equals(Fingerprint))
        {
            throw new RagPrefException(
                $"Embedder mismatch: the store holds vectors from '{Fingerprint}' but the generator is '{actual}'. "
                + "Vectors from different embedders are not comparable. Use the embedder the store was built with, "
                + "or rebuild the store with this one (ragpref store build --model ...).");
        }
    }

    /// <summary>Publishes <paramref name="next"/> and drops the store's reference on the old snapshot. Call under the writer lock.</summary>
    private void Publish(StoreSnapshot next)
    {
        StoreSnapshot previous = _current;
        Volatile.Write(ref _current, next);
        previous.Release();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
