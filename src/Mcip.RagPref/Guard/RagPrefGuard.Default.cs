using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.Lexical;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Guard;

/// <content>The default guard: all-MiniLM-L6-v2 (with hashed n-grams) over the seed corpus. Thin entry points over <see cref="DefaultGuardFactory"/>.</content>
public sealed partial class RagPrefGuard
{
    /// <summary>
    /// The path of the default store for an embedder: <c>&lt;cache&gt;/stores/seed-&lt;hash&gt;.rpstore</c>, where the
    /// hash covers the seed corpus, the embedder fingerprint and the chunking, so a changed corpus, model or chunking gets a
    /// new file.
    /// </summary>
    /// <param name="fingerprint">The fingerprint of the (canonicalising) embedder.</param>
    /// <returns>The path (the file may not exist yet).</returns>
    public static string DefaultStorePath(EmbedderFingerprint fingerprint)
        => DefaultGuardFactory.DefaultStorePath(fingerprint);

    /// <summary>
    /// Creates the default guard: all-MiniLM-L6-v2 (in-process, ONNX Runtime; carried by the Mcip.RagPref.Models.MiniLM
    /// package, so nothing is downloaded), combined with hashed character/word n-grams at
    /// <see cref="GuardOptions.LexicalWeight"/>, behind canonicalisation, over the store built from the seed corpus
    /// embedded in this library. The store is loaded from the user cache (<see cref="DefaultStorePath"/>) or, the first
    /// time on a machine, built and saved there (it reports <paramref name="progress"/>); every later process reuses it.
    /// </summary>
    /// <param name="options">Guard settings; <see langword="null"/> for the defaults.</param>
    /// <param name="embedderOptions">How the encoder runs (threads, batch size); <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives progress while the default store is built the first time; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels building the store.</param>
    /// <returns>A guard that owns its embedder and store (dispose it).</returns>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    /// <exception cref="RagPrefException">ONNX Runtime cannot be loaded on this platform, or the cached store is corrupt (delete it to rebuild).</exception>
    public static Task<RagPrefGuard> CreateDefaultAsync(
        GuardOptions? options = null,
        BertOnnxEmbeddingGeneratorOptions? embedderOptions = null,
        IProgress<StoreBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
        => DefaultGuardFactory.CreateDefaultAsync(options, embedderOptions, progress, cancellationToken);

    /// <summary>
    /// Creates a guard that owns <paramref name="embedder"/> and the store it loads: the file at
    /// <paramref name="storePath"/>, or the default seed-corpus store of the embedder when it is <see langword="null"/>.
    /// On any failure both are disposed.
    /// </summary>
    /// <param name="embedder">The embedder; ownership passes to the guard (or it is disposed on failure).</param>
    /// <param name="storePath">The store file, or <see langword="null"/> for <see cref="LoadOrBuildDefaultStoreAsync"/>.</param>
    /// <param name="options">Guard settings.</param>
    /// <param name="progress">Receives progress while the default store is built; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels building the default store.</param>
    /// <returns>The guard (dispose it).</returns>
    /// <exception cref="RagPrefException">The store cannot be loaded or built, or was made by another embedder.</exception>
    public static Task<RagPrefGuard> CreateOwningAsync(
        CanonicalizingEmbeddingGenerator embedder,
        string? storePath,
        GuardOptions options,
        IProgress<StoreBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        return DefaultGuardFactory.CreateOwningAsync(embedder, storePath, options, progress, cancellationToken);
    }

    /// <summary>
    /// Creates the embedder <see cref="CreateDefaultAsync"/> uses: all-MiniLM-L6-v2 combined with hashed
    /// n-grams at <see cref="GuardOptions.LexicalWeight"/>, behind canonicalisation with
    /// <see cref="GuardOptions.Canonicalization"/>. Hosts that create several guards over one embedder (for example
    /// after reloading a store) create it once with this method and pass it to <see cref="Create"/> and
    /// <see cref="LoadOrBuildDefaultStoreAsync"/>.
    /// </summary>
    /// <param name="options">Guard settings (only <see cref="GuardOptions.LexicalWeight"/> and <see cref="GuardOptions.Canonicalization"/> are read); <see langword="null"/> for the defaults.</param>
    /// <param name="embedderOptions">How the encoder runs (threads, batch size); <see langword="null"/> for the defaults.</param>
    /// <param name="modelDirectory">
    /// A folder holding another BERT-family sentence encoder (see <see cref="BertOnnxEmbeddingGenerator.Create(string, BertOnnxEmbeddingGeneratorOptions?)"/>)
    /// to use in place of all-MiniLM-L6-v2; <see langword="null"/> (default) for all-MiniLM-L6-v2.
    /// </param>
    /// <returns>The embedder; the caller disposes it (that disposes its parts). Thread-safe.</returns>
    /// <exception cref="RagPrefException">ONNX Runtime cannot be loaded on this platform, or the model folder is missing or invalid.</exception>
    public static CanonicalizingEmbeddingGenerator CreateDefaultEmbedder(
        GuardOptions? options = null,
        BertOnnxEmbeddingGeneratorOptions? embedderOptions = null,
        string? modelDirectory = null)
        => DefaultGuardFactory.CreateDefaultEmbedder(options, embedderOptions, modelDirectory);

    /// <summary>
    /// Creates the default guard's embedder (without canonicalisation): all-MiniLM-L6-v2 alone when
    /// <paramref name="lexicalWeight"/> is 0, else a hybrid that concatenates its vector (share <c>1 - lexicalWeight</c>) with
    /// that of a <see cref="HashedNGramEmbeddingGenerator"/> with default options (share <paramref name="lexicalWeight"/>),
    /// each part L2-normalised and scaled by the square root of its share, so the hybrid's cosine is the weighted mean of
    /// the parts' cosines. The caller disposes it (that disposes the parts).
    /// </summary>
    /// <param name="lexicalWeight">The hashed n-grams' share, 0 to 1 (see <see cref="GuardOptions.LexicalWeight"/>).</param>
    /// <param name="embedderOptions">How the encoder runs (threads, batch size); <see langword="null"/> for the defaults.</param>
    /// <param name="modelDirectory">Another BERT-family encoder's folder in place of all-MiniLM-L6-v2, or <see langword="null"/>.</param>
    /// <returns>The embedder, without canonicalisation (for tools that embed text exactly as given).</returns>
    /// <exception cref="RagPrefException">ONNX Runtime cannot be loaded on this platform, or the model folder is missing or invalid.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateDefaultEmbedder(
        double lexicalWeight, BertOnnxEmbeddingGeneratorOptions? embedderOptions, string? modelDirectory = null)
        => DefaultGuardFactory.CreateDefaultEmbedder(lexicalWeight, embedderOptions, modelDirectory);

    /// <summary>Loads the default store for <paramref name="embedder"/> from the cache, or builds it from the seed corpus and saves it.</summary>
    /// <remarks>
    /// Several processes may do this at once: each builds into its own temporary file and renames it into place
    /// atomically, so a reader never sees a half-written store and the last writer's identical file wins.
    /// </remarks>
    /// <param name="embedder">The embedder (normally a <see cref="CanonicalizingEmbeddingGenerator"/>).</param>
    /// <param name="progress">Receives progress while the store is built; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels building.</param>
    /// <returns>The store (the caller disposes it).</returns>
    /// <exception cref="RagPrefException">The cached file exists but cannot be loaded.</exception>
    public static Task<ExampleStore> LoadOrBuildDefaultStoreAsync(
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IProgress<StoreBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
        => DefaultGuardFactory.LoadOrBuildDefaultStoreAsync(embedder, progress, cancellationToken);
}
