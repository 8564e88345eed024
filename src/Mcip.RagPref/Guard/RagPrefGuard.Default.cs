using Mcip.RagPref.Assets;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.Lexical;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Guard;

/// <content>The default guard: Universal Sentence Encoder Lite (with hashed n-grams) over the seed corpus.</content>
public sealed partial class RagPrefGuard
{
    /// <summary>
    /// The path of the default store for an embedder: <c>&lt;cache&gt;/stores/seed-&lt;hash&gt;.rpstore</c>, where the
    /// hash covers the seed corpus and the embedder fingerprint, so a changed corpus or model gets a new file.
    /// </summary>
    /// <param name="fingerprint">The fingerprint of the (canonicalising) embedder.</param>
    /// <returns>The path (the file may not exist yet).</returns>
    public static string DefaultStorePath(EmbedderFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        string key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{SeedCorpus.Sha256}|{fingerprint.ModelId}|{fingerprint.Dimensions}|{fingerprint.WeightsSha256}")))[..16];
        return Path.Combine(AssetCache.Root, "stores", $"seed-{key}.rpstore");
    }

    /// <summary>
    /// Creates the default guard: Universal Sentence Encoder Lite (in-process, ONNX Runtime), combined with hashed
    /// character/word n-grams at <see cref="GuardOptions.LexicalWeight"/>, behind canonicalisation, over the store built
    /// from the embedded seed corpus. The store is loaded from the cache
    /// (<see cref="DefaultStorePath"/>) or, the first time, built and saved there (a few seconds).
    /// </summary>
    /// <param name="options">Guard settings; <see langword="null"/> for the defaults.</param>
    /// <param name="embedderOptions">Where the model lives and how it runs; <see langword="null"/> for the set-up cache.</param>
    /// <param name="cancellationToken">Cancels building the store.</param>
    /// <returns>A guard that owns its embedder and store (dispose it).</returns>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    /// <exception cref="RagPrefException">The model or the ONNX Runtime library is missing (run <c>./build.sh setup</c>), or the cached store is corrupt.</exception>
    public static async Task<RagPrefGuard> CreateDefaultAsync(
        GuardOptions? options = null,
        UniversalSentenceEncoderLiteOptions? embedderOptions = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new GuardOptions();
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid guard options: " + string.Join(" ", problems), nameof(options));
        }

        return await CreateOwningAsync(CreateDefaultEmbedder(options, embedderOptions), storePath: null, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a guard that owns <paramref name="embedder"/> and the store it loads: the file at
    /// <paramref name="storePath"/>, or the default seed-corpus store of the embedder when it is <see langword="null"/>.
    /// On any failure both are disposed.
    /// </summary>
    /// <param name="embedder">The embedder; ownership passes to the guard (or it is disposed on failure).</param>
    /// <param name="storePath">The store file, or <see langword="null"/> for <see cref="LoadOrBuildDefaultStoreAsync"/>.</param>
    /// <param name="options">Guard settings.</param>
    /// <param name="cancellationToken">Cancels building the default store.</param>
    /// <returns>The guard (dispose it).</returns>
    internal static async Task<RagPrefGuard> CreateOwningAsync(
        CanonicalizingEmbeddingGenerator embedder,
        string? storePath,
        GuardOptions options,
        CancellationToken cancellationToken)
    {
        try
        {
            ExampleStore store = storePath is null
                ? await LoadOrBuildDefaultStoreAsync(embedder, cancellationToken).ConfigureAwait(false)
                : ExampleStore.Load(Path.GetFullPath(storePath));
            try
            {
                return Create(embedder, store, options, ownsResources: true);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        catch
        {
            embedder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the embedder <see cref="CreateDefaultAsync"/> uses: Universal Sentence Encoder Lite combined with hashed
    /// n-grams at <see cref="GuardOptions.LexicalWeight"/>, behind canonicalisation with
    /// <see cref="GuardOptions.Canonicalization"/>. Hosts that create several guards over one embedder (for example
    /// after reloading a store) create it once with this method and pass it to <see cref="Create"/> and
    /// <see cref="LoadOrBuildDefaultStoreAsync"/>.
    /// </summary>
    /// <param name="options">Guard settings (only <see cref="GuardOptions.LexicalWeight"/> and <see cref="GuardOptions.Canonicalization"/> are read); <see langword="null"/> for the defaults.</param>
    /// <param name="embedderOptions">Where the model lives and how it runs; <see langword="null"/> for the set-up cache.</param>
    /// <returns>The embedder; the caller disposes it (that disposes its parts). Thread-safe.</returns>
    /// <exception cref="RagPrefException">The model or the ONNX Runtime library is missing (run <c>./build.sh setup</c>); the message lists the places tried.</exception>
    public static CanonicalizingEmbeddingGenerator CreateDefaultEmbedder(GuardOptions? options = null, UniversalSentenceEncoderLiteOptions? embedderOptions = null)
    {
        options ??= new GuardOptions();
        IEmbeddingGenerator<string, Embedding<float>> inner = CreateDefaultEmbedder(options.LexicalWeight, embedderOptions);
        try
        {
            return new CanonicalizingEmbeddingGenerator(inner, options.Canonicalization);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the default guard's embedder (without canonicalisation): Universal Sentence Encoder Lite alone when
    /// <paramref name="lexicalWeight"/> is 0, else a <see cref="HybridEmbeddingGenerator"/> of it (share
    /// <c>1 - lexicalWeight</c>) and a <see cref="HashedNGramEmbeddingGenerator"/> with default options (share
    /// <paramref name="lexicalWeight"/>). The caller disposes it (that disposes the parts).
    /// </summary>
    internal static IEmbeddingGenerator<string, Embedding<float>> CreateDefaultEmbedder(double lexicalWeight, UniversalSentenceEncoderLiteOptions? embedderOptions)
    {
        UniversalSentenceEncoderLite sentence = UniversalSentenceEncoderLite.Create(embedderOptions);
        if (lexicalWeight <= 0)
        {
            return sentence;
        }

        try
        {
            return new HybridEmbeddingGenerator(
                [new HybridEmbeddingPart(sentence, 1 - lexicalWeight), new HybridEmbeddingPart(new HashedNGramEmbeddingGenerator(), lexicalWeight)],
                disposeParts: true);
        }
        catch
        {
            sentence.Dispose();
            throw;
        }
    }

    /// <summary>Loads the default store for <paramref name="embedder"/> from the cache, or builds it from the seed corpus and saves it.</summary>
    /// <param name="embedder">The embedder (normally a <see cref="CanonicalizingEmbeddingGenerator"/>).</param>
    /// <param name="cancellationToken">Cancels building.</param>
    /// <returns>The store (the caller disposes it).</returns>
    /// <exception cref="RagPrefException">The cached file exists but cannot be loaded.</exception>
    public static async Task<ExampleStore> LoadOrBuildDefaultStoreAsync(
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        EmbedderFingerprint fingerprint = EmbedderFingerprint.Of(embedder);
        string path = DefaultStorePath(fingerprint);
        if (File.Exists(path))
        {
            return ExampleStore.Load(path, fingerprint);
        }

        ExampleStore store = await ExampleStore.BuildAsync(SeedCorpus.Read(), embedder, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            store.Save(path);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
